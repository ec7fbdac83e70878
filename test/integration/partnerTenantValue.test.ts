import type { INodeParameters } from 'n8n-workflow';

import { NODE_NAME, nodeWorkflow } from '../harness/nodeWorkflow';
import { nodeResult } from '../harness/runWorkflow';
import { FABRIKAM, useEmulatorSession } from '../support/fixtures';

const get = (partnerTenantId: unknown): INodeParameters => ({ resource: 'syncPolicy', operation: 'get', partnerTenantId: partnerTenantId as INodeParameters });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byDomain = (value: string) => ({ __rl: true, mode: 'domain', value });
const refused = (problem: string) => `Invalid Partner Tenant in item 0: ${problem} (item 0, field "partnerTenantId")`;

describe('Partner Tenant ID accepts only text, and says what it got (real n8n-core, emulator)', () => {
	const session = useEmulatorSession();

	const run = async (parameters: INodeParameters) =>
		nodeResult(await session.n8n.execute(nodeWorkflow({ parameters, credential: session.credential, continueOnFail: true })), NODE_NAME).items;

	it.each([
		['a one-element list in By ID', byId(`={{ [ "${FABRIKAM}" ] }}`), 'a list is not a tenant ID GUID (it must be text)'],
		['an object in By ID', byId(`={{ { "tenantId": "${FABRIKAM}" } }}`), 'an object is not a tenant ID GUID (it must be text)'],
		['a number in By ID', byId('={{ 42 }}'), 'the number 42 is not a tenant ID GUID (it must be text)'],
		['a boolean in By ID', byId('={{ true }}'), 'the boolean true is not a tenant ID GUID (it must be text)'],
		['a list for the whole parameter', `={{ [ "${FABRIKAM}" ] }}`, 'a list is not a tenant ID GUID (it must be text)'],
		['an object for the whole parameter', `={{ { "value": "${FABRIKAM}" } }}`, 'an object is not a tenant ID GUID (it must be text)'],
		['a one-element list in By Domain', byDomain('={{ [ "fabrikam.com" ] }}'), 'a list is not a domain name (it must be text)'],
	])('refuses %s before anything is sent', async (_label, partner, problem) => {
		const items = await run(get(partner));
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe(refused(problem));
		expect(session.emulator.requests).toEqual([]);
	});

	it('still takes the GUID as text, from an expression too', async () => {
		const items = await run(get(byId(`={{ "${FABRIKAM}" }}`)));
		expect(items[0].json.error).toBeUndefined();
		expect(items[0].json).toMatchObject({ partnerTenantId: FABRIKAM });
	});
});
