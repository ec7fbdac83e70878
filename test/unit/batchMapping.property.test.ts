import fc from 'fast-check';

import type { GraphCall, GraphMethod } from '../../nodes/CrossTenantSyncPolicy/plan';
import { buildBatchPayload, mapBatchResponses, MAX_BATCH_SIZE } from '../../nodes/CrossTenantSyncPolicy/transport/batchPayload';
import { ParameterReader } from '../../nodes/CrossTenantSyncPolicy/actions/parameters';
import { readSyncPolicyBody } from '../../nodes/CrossTenantSyncPolicy/actions/syncPolicy/fields';
import { diffWrite } from '../../nodes/CrossTenantSyncPolicy/fieldDiff';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

const guid = fc.uuid();
const method = fc.constantFrom<GraphMethod>('GET', 'POST', 'PUT', 'PATCH', 'DELETE');
const body = fc.option(
	fc.record(
		{ displayName: fc.string(), userSyncInbound: fc.record({ isSyncAllowed: fc.boolean() }) },
		{ requiredKeys: [] },
	),
	{ nil: undefined },
);
const call: fc.Arbitrary<GraphCall> = fc.record({
	method,
	path: guid.map((id) => `/policies/crossTenantAccessPolicy/partners/${id}/identitySynchronization`),
	body,
});
const calls = fc.array(call, { minLength: 1, maxLength: MAX_BATCH_SIZE });

describe('batch request builder (property-based)', () => {
	it('numbers parts by position, keeps method and relative URL, and labels exactly the parts with a body', () => {
		fc.assert(
			fc.property(calls, (input) => {
				const { requests } = buildBatchPayload(input);
				expect(requests).toHaveLength(input.length);
				requests.forEach((part, i) => {
					expect(part.id).toBe(String(i));
					expect(part.method).toBe(input[i].method);
					expect(part.url).toBe(input[i].path);
					expect(part.url.startsWith('/v1.0')).toBe(false);
					if (input[i].body === undefined) {
						expect(part).not.toHaveProperty('body');
						expect(part).not.toHaveProperty('headers');
					} else {
						expect(part.body).toEqual(input[i].body);
						expect(part.headers).toEqual({ 'Content-Type': 'application/json' });
					}
				});
				expect(new Set(requests.map((p) => p.id)).size).toBe(input.length);
			}),
		);
	});

	it('refuses empty and oversized batches', () => {
		fc.assert(
			fc.property(fc.array(call, { minLength: MAX_BATCH_SIZE + 1, maxLength: 40 }), (input) => {
				expect(() => buildBatchPayload(input)).toThrow(RangeError);
			}),
		);
		expect(() => buildBatchPayload([])).toThrow(RangeError);
	});
});

describe('batch response mapping (property-based)', () => {
	const status = fc.constantFrom(200, 201, 204, 400, 403, 404, 409, 429, 503, 504);

	it('gives every call its own part, whatever order Graph answers in, and unknown for missing parts', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ status, present: fc.boolean(), retryAfter: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }) }), { minLength: 1, maxLength: MAX_BATCH_SIZE }),
				fc.infiniteStream(fc.nat()),
				(parts, seeds) => {
					const responses = parts
						.map((part, i) => ({
							id: String(i),
							status: part.status,
							headers: part.retryAfter === undefined ? {} : { 'Retry-After': String(part.retryAfter) },
							body: { marker: i },
						}))
						.filter((_, i) => parts[i].present);
					const shuffled = [...responses].sort(() => (seeds.next().value % 3) - 1);
					const mapped = mapBatchResponses(parts.length, { responses: shuffled });
					parts.forEach((part, i) => {
						if (!part.present) return expect(mapped[i]).toBeUndefined();
						const answer = mapped[i];
						if (answer === undefined || answer === 'ambiguous') throw new Error(`part ${i} was not mapped`);
						expect(answer.statusCode).toBe(part.status);
						expect(answer.body).toEqual({ marker: i });
						expect(answer.headers['retry-after']).toBe(part.retryAfter === undefined ? undefined : String(part.retryAfter));
					});
				},
			),
		);
	});

	it('ignores parts with ids it did not send and malformed entries; a part answered twice differently is ambiguous', () => {
		const mapped = mapBatchResponses(3, {
			responses: [{ id: '7', status: 204 }, { id: '0', status: 204 }, { id: '0', status: 500 }, { id: '1' }, null, { id: '2', status: 204 }, { id: '2', status: 204 }],
		});
		expect(mapped[0]).toBe('ambiguous');
		expect(mapped[1]).toBeUndefined();
		expect(mapped[2]).toMatchObject({ statusCode: 204 });
		expect(mapBatchResponses(1, 'not json')).toEqual([undefined]);
	});
});

describe('sync policy body (property-based)', () => {
	const paths = { displayName: 'f.displayName', isSyncAllowed: 'f.isSyncAllowed', isGroupSyncAllowed: 'f.isGroupSyncAllowed', externalCloudAuthorizedApplicationId: 'f.x' };
	const fields = fc.record({ displayName: fc.string({ minLength: 1, maxLength: 256, unit: fc.constantFrom(...'abc XYZ-é_.'.split('')) }), isSyncAllowed: fc.boolean(), isGroupSyncAllowed: fc.boolean() }, { requiredKeys: [] });

	it('holds exactly the given fields, never null, and a diff against itself is empty', () => {
		fc.assert(
			fc.property(fields, (input) => {
				const built = readSyncPolicyBody(new ParameterReader(fakeExecuteContext({ f: input }), 0), paths, 'beta', false);
				expect(Object.keys(built).length).toBe(Object.keys(input).length);
				expect(JSON.stringify(built)).not.toContain('null');
				if (input.displayName !== undefined) expect(built.displayName).toBe(input.displayName);
				if (input.isSyncAllowed !== undefined) expect(built.userSyncInbound).toEqual({ isSyncAllowed: input.isSyncAllowed });
				if (input.isGroupSyncAllowed !== undefined) expect(built.groupSyncInbound).toEqual({ isSyncAllowed: input.isGroupSyncAllowed });
				expect(diffWrite(built, built)).toEqual({});
			}),
		);
	});
});
