import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RecordedRequest } from '../emulator';
import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { useEmulatorSession } from '../support/fixtures';
import type { ConformanceFixture } from './conformance';
import { bodyDifferences, loadFixtures, pathPattern, seedFor, undocumentedProperties } from './conformance';

/**
 * The requests the node sends, held against Microsoft's published examples: documented method, path shape, headers
 * and body shape, through real n8n-core (its request helper adds the headers) against the emulator.
 */

/**
 * Query options the node sends that the reference page does not list. Each is an assumption, listed in
 * docs/graph-behaviours.md (row 14, "$top on the partner list").
 */
const ASSUMED_QUERY_OPTIONS: Record<string, string[]> = {
	'partner.getAll': ['$top'],
};

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const idIn = (url: string) => /partners\/([0-9a-f-]{36})/i.exec(url)?.[1] ?? '';

/** The node parameters that make the node send the fixture's documented request (same keys, same values). */
function parametersFor(fixture: ConformanceFixture): { parameters: INodeParameters; items?: IDataObject[] } {
	const body = (fixture.request.body ?? {}) as IDataObject;
	const sync = body.userSyncInbound as { isSyncAllowed?: boolean } | undefined;
	const query = new URL(fixture.request.url).searchParams;
	switch (fixture.operation) {
		case 'partner.getAll':
			return { parameters: { resource: 'partner', operation: 'getAll', returnAll: true, options: query.get('$expand') ? { expandIdentitySynchronization: true } : {} } };
		case 'partner.get':
		case 'partner.delete':
			return { parameters: { resource: 'partner', operation: fixture.operation.split('.')[1], partnerTenantId: byId(idIn(fixture.request.url)) } };
		case 'partner.update': {
			// The documented body sets every member of its group: the node sends it whole, with no read first.
			const consent = (body.automaticUserConsentSettings ?? {}) as Record<string, boolean>;
			const trust = (body.inboundTrust ?? {}) as Record<string, boolean>;
			return { parameters: { resource: 'partner', operation: 'update', partnerTenantId: byId(idIn(fixture.request.url)), updateFields: { ...consent, ...trust } } };
		}
		case 'partner.create':
			return { parameters: { resource: 'partner', operation: 'create', partnerTenantId: byId(String(body.tenantId)) } };
		case 'syncPolicy.get':
		case 'syncPolicy.delete':
			return { parameters: { resource: 'syncPolicy', operation: fixture.operation.split('.')[1], partnerTenantId: byId(idIn(fixture.request.url)) } };
		case 'syncPolicy.create':
			return {
				parameters: { resource: 'syncPolicy', operation: 'create', partnerTenantId: byId(idIn(fixture.request.url)), isSyncAllowed: sync?.isSyncAllowed ?? false, displayName: (body.displayName as string) ?? '' },
			};
		case 'syncPolicy.update':
			return { parameters: { resource: 'syncPolicy', operation: 'update', partnerTenantId: byId(idIn(fixture.request.url)), updateFields: { isSyncAllowed: sync?.isSyncAllowed } } };
		case 'tenantLookup': {
			const domain = /domainName='([^']+)'/.exec(fixture.request.url)?.[1] ?? '';
			return { parameters: { resource: 'syncPolicy', operation: 'get', partnerTenantId: { __rl: true, mode: 'domain', value: domain } } };
		}
		case '$batch': {
			// Several items make the node batch; the seed's partners with a sync policy are the targets.
			const items = ['90e29127-71ad-49c7-9ce8-db3f41ea06f1', '3f1c7a52-2b8e-4d0a-9c61-5e7d2a9b8c10'].map((tenantId) => ({ tenantId }));
			return { items, parameters: { resource: 'syncPolicy', operation: 'update', partnerTenantId: byId('={{ $json.tenantId }}'), updateFields: { isSyncAllowed: true } } };
		}
		default:
			throw new Error(`No node operation sends ${fixture.operation}`);
	}
}

function headerProblems(fixture: ConformanceFixture, request: RecordedRequest): string[] {
	const problems: string[] = [];
	for (const entry of fixture.documented.requestHeaders) {
		const [name, value] = entry.split(/:\s*/, 2);
		const sent = request.headers[name.toLowerCase()];
		if (name === 'Authorization') {
			if (!/^Bearer \S+$/.test(sent ?? '')) problems.push('Authorization: no bearer token');
		} else if (name === 'Accept') {
			// In the $batch example, not required by the page's text; checked only when sent.
			if (sent !== undefined && !sent.includes(value)) problems.push(`Accept: ${sent}`);
		} else if (sent === undefined || (value !== undefined && !sent.toLowerCase().startsWith(value.toLowerCase()))) {
			problems.push(`${name}: ${sent ?? 'missing'} (documented ${value ?? 'required'})`);
		}
	}
	return problems;
}

describe('conformance: the node sends the documented requests', () => {
	const session = useEmulatorSession();
	const fixtures = loadFixtures();

	it.each(fixtures)('%s', async (_name, fixture) => {
		session.emulator.reset(seedFor(fixture));
		const { parameters, items } = parametersFor(fixture);
		const run = await session.n8n.execute(nodeWorkflow({ parameters, items, credential: session.credential }));
		const { error } = nodeResult(run, NODE_NAME);
		const documented = fixture.documented;

		const sent =
			fixture.operation === '$batch'
				? session.emulator.batchRequests()[0]
				: session.emulator.graphRequests().find((r) => r.method === documented.method && pathPattern(documented.path).test(decodeURIComponent(r.path)));
		expect(sent).toBeDefined();
		if (!sent) return;
		if (fixture.operation !== 'tenantLookup') expect(error).toBeUndefined();

		// Method and path shape.
		expect(sent.method).toBe(documented.method);
		expect(decodeURIComponent(sent.path)).toMatch(pathPattern(documented.path));
		// Query options: only documented ones (or assumptions docs/graph-behaviours.md lists).
		const allowed = [...(documented.queryOptions ?? []), ...(ASSUMED_QUERY_OPTIONS[fixture.operation] ?? [])];
		expect(Object.keys(sent.query).filter((option) => !allowed.includes(option))).toEqual([]);
		// Headers the page requires.
		expect(headerProblems(fixture, sent)).toEqual([]);
		// Body: none when the page says none; otherwise only documented properties, of the documented types.
		if (!documented.requestBody) {
			expect(sent.rawBody).toBe('');
			return;
		}
		if (fixture.operation === '$batch') {
			const parts = (sent.body as { requests: Array<Record<string, unknown>> }).requests;
			const rules = documented.partRequest as { required: string[]; optional: string[] };
			expect(parts.length).toBeGreaterThan(1);
			expect(parts.length).toBeLessThanOrEqual(documented.maxParts as number);
			for (const part of parts) {
				expect(rules.required.filter((key) => !(key in part))).toEqual([]);
				expect(Object.keys(part).filter((key) => !rules.required.includes(key) && !rules.optional.includes(key))).toEqual([]);
				expect(String(part.url)).toMatch(/^\/(?!v1\.0|beta)/);
				if (part.body !== undefined) expect((part.headers as Record<string, string>)['Content-Type']).toMatch(/^application\/json/);
			}
			return;
		}
		expect(undocumentedProperties(fixture.request.body, sent.body)).toEqual([]);
		if (fixture.operation.startsWith('syncPolicy.') || fixture.operation === 'partner.update') {
			// Same inputs as the example: the very same body.
			expect(bodyDifferences(fixture.request.body, sent.body, true)).toEqual([]);
			expect(sent.body).toEqual(fixture.request.body);
		}
	});
});

describe('conformance helpers', () => {
	it('bodyDifferences finds missing properties, other types and other values; null pins only presence', () => {
		expect(bodyDifferences({ a: null, b: { c: true } }, { a: { x: 1 }, b: { c: true }, extra: 1 }, true)).toEqual([]);
		expect(bodyDifferences({ a: 1 }, {}, false)).toEqual(['body.a: missing']);
		expect(bodyDifferences({ a: 1 }, { a: '1' }, false)).toEqual(['body.a: number documented, got string']);
		expect(bodyDifferences({ a: 1 }, { a: 2 }, true)).toEqual(['body.a: 1 documented, got 2']);
		expect(bodyDifferences({ v: [{ id: 'x' }] }, { v: [] }, false)).toEqual(['body.v: documented with elements, got an empty list']);
	});

	it('undocumentedProperties finds what the node sends beyond the example', () => {
		expect(undocumentedProperties({ tenantId: 'x', b2b: {} }, { tenantId: 'y' })).toEqual([]);
		expect(undocumentedProperties({ tenantId: 'x' }, { tenantId: 'y', isServiceProvider: true })).toEqual(['body.isServiceProvider: not in the documented example']);
		expect(undocumentedProperties({ u: { isSyncAllowed: true } }, { u: { isSyncAllowed: 'yes' } })).toEqual(['body.u.isSyncAllowed: string sent, boolean documented']);
	});

	it('pathPattern matches keys and the domain function parameter, nothing more', () => {
		expect(pathPattern('/policies/crossTenantAccessPolicy/partners/{id}').test('/v1.0/policies/crossTenantAccessPolicy/partners/abc')).toBe(true);
		expect(pathPattern('/policies/crossTenantAccessPolicy/partners/{id}').test('/v1.0/policies/crossTenantAccessPolicy/partners/abc/identitySynchronization')).toBe(false);
		expect(pathPattern("/tenantRelationships/findTenantInformationByDomainName(domainName='{id}')").test("/v1.0/tenantRelationships/findTenantInformationByDomainName(domainName='contoso.com')")).toBe(true);
	});
});
