// The approval-flow example as a ticket system and an approver meet it: a published webhook with header
// authentication, 4xx answers for bad tickets, a dry run, an email with Approve/Reject, and a write only on Approve.
import assert from 'node:assert/strict';

import type { GraphEmulator } from '../../../test/emulator';
import { CONTOSO, NORTHWIND, WOODGROVE } from '../../../test/emulator/seed-ids';
import { check, tail } from '../checks';
import { TICKET_TOKEN } from '../credentials';
import { executionsReaching, lastExecutionId } from '../n8nDatabase';
import type { N8nCli, N8nServer } from '../n8nProcess';
import { waitForWebhook } from '../productionWebhook';
import { activateCommandName, activateWorkflowArgs, requestedN8nVersion } from '../n8nVersion';
import { bulkSeedWithDefaults } from '../seeds';
import type { Mail, SmtpSink } from '../smtpSink';
import { mailLinks } from '../smtpSink';

const WORKFLOW_ID = 'xtsApprovalFlow1';
const WEBHOOK_PATH = 'cross-tenant-sync-change';

interface Answer {
	status: number;
	body: Record<string, unknown> | undefined;
	text: string;
}

async function post(server: N8nServer, payload: unknown, token: string | null = TICKET_TOKEN.value): Promise<Answer> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (token !== null) headers[TICKET_TOKEN.name] = token;
	const response = await fetch(`${server.url}/webhook/${WEBHOOK_PATH}`, { method: 'POST', headers, body: JSON.stringify(payload), signal: AbortSignal.timeout(60_000) });
	const text = await response.text();
	let body: Record<string, unknown> | undefined;
	try {
		body = JSON.parse(text) as Record<string, unknown>;
	} catch {
		body = undefined;
	}
	console.log(`    POST ${JSON.stringify(payload)}${token === TICKET_TOKEN.value ? '' : ` (token ${JSON.stringify(token)})`} → HTTP ${response.status} ${text.slice(0, 200)}`);
	return { status: response.status, body, text };
}

async function nextMail(smtp: SmtpSink, before: number, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (smtp.mails.length <= before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
	return smtp.mails[before];
}

/** What a desktop browser sends; n8n's send-and-wait webhook answers bots (and requests without one) with an empty page. */
const BROWSER_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/** The mail's Approve (`approved=true`) or Reject link, signed by n8n. */
function decisionLink(mail: Mail, approved: boolean): string {
	const link = mailLinks(mail).find((l) => new URL(l).searchParams.get('approved') === String(approved));
	assert.ok(link, `no ${approved ? 'Approve' : 'Reject'} link in the mail`);
	return link;
}

/** Opens a link as the approver's browser does (GET), or with another User-Agent. */
async function open(link: string, userAgent = BROWSER_USER_AGENT): Promise<{ status: number; text: string }> {
	const response = await fetch(link, { headers: { 'user-agent': userAgent }, signal: AbortSignal.timeout(60_000) });
	const text = await response.text();
	console.log(`    GET ${link.replace(/signature=[^&]+/, 'signature=…')} (User-Agent ${JSON.stringify(userAgent.split(' ')[0])}) → HTTP ${response.status} ${text.replace(/\s+/g, ' ').slice(0, 80)}`);
	return { status: response.status, text };
}

const writes = (emulator: GraphEmulator) => emulator.graphRequests().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} → ${r.status}`);
const northwindSync = (emulator: GraphEmulator) => (emulator.partner(CONTOSO, NORTHWIND)?.identitySynchronization as { userSyncInbound?: unknown } | undefined)?.userSyncInbound;

export async function approvalFlowScenario(cli: N8nCli, emulator: GraphEmulator, userFolder: string, smtp: SmtpSink): Promise<void> {
	console.log('\nExample: approval flow (published webhook, email approval)');
	const version = requestedN8nVersion();
	const published = await cli.run(activateWorkflowArgs(version, WORKFLOW_ID));
	check(`the approval-flow example activates as imported (${activateCommandName(version)})`, () => assert.equal(published.status, 0, tail(published.output)));
	emulator.reset(bulkSeedWithDefaults(0));
	const server = await cli.start();
	try {
		await waitForWebhook(server, WEBHOOK_PATH);
		const ticket = { ticket: 'CHG-1042', tenantId: NORTHWIND, isSyncAllowed: false };

		const mailsBefore = smtp.mails.length;
		const noToken = await post(server, { ...ticket, approved: true }, null);
		const wrongToken = await post(server, ticket, 'guessed');
		check('a request without the ticket system token, or with a wrong one, is refused (403) and changes nothing', () => {
			assert.equal(noToken.status, 403, noToken.text);
			assert.equal(wrongToken.status, 403, wrongToken.text);
			assert.deepEqual(writes(emulator), []);
		});

		const malformed = await post(server, { ticket: 'CHG-1', tenantId: '../../users', isSyncAllowed: 'yes' });
		check('a malformed ticket gets 400 with what is expected, and Graph hears nothing', () => {
			assert.equal(malformed.status, 400, malformed.text);
			assert.match(String(malformed.body?.error), /tenantId: a tenant ID/);
			assert.deepEqual(emulator.graphRequests(), []);
		});

		const notPartner = await post(server, { ...ticket, tenantId: WOODGROVE });
		check('a tenant that is not a partner gets 422 naming Graph\'s reason, and nothing is written', () => {
			assert.equal(notPartner.status, 422, notPartner.text);
			assert.match(String(notPartner.body?.code), /NotFound/);
			assert.match(String(notPartner.body?.error), new RegExp(WOODGROVE));
			assert.deepEqual(writes(emulator), []);
		});

		const compliant = await post(server, { ...ticket, isSyncAllowed: true });
		check('a ticket asking for what is already there gets 200 "already compliant", no mail, no write', () => {
			assert.equal(compliant.status, 200, compliant.text);
			assert.equal(compliant.body?.status, 'already compliant');
			assert.equal(smtp.mails.length, mailsBefore);
			assert.deepEqual(writes(emulator), []);
		});

		// A ticket the approver rejects.
		const afterId = lastExecutionId(userFolder, WORKFLOW_ID);
		const rejected = await post(server, { ...ticket, ticket: 'CHG-1043', approved: true });
		const rejectMail = await nextMail(smtp, mailsBefore);
		check('a change gets 202 with the field-by-field change, the approver an email with Approve and Reject; "approved" in the body changes nothing', () => {
			assert.equal(rejected.status, 202, rejected.text);
			assert.deepEqual(rejected.body, { ticket: 'CHG-1043', status: 'awaiting approval', change: { 'userSyncInbound.isSyncAllowed': { from: true, to: false } } });
			assert.ok(rejectMail, 'no mail reached the approver');
			assert.deepEqual(rejectMail.to, ['<approver@contoso.example>']);
			assert.match(rejectMail.raw, /CHG-1043/);
			assert.equal(mailLinks(rejectMail).filter((l) => l.includes('approved=')).length, 2);
			assert.deepEqual(writes(emulator), []);
			assert.deepEqual(northwindSync(emulator), { isSyncAllowed: true });
		});
		const [waiting] = await executionsReaching(userFolder, WORKFLOW_ID, afterId, 1, ['waiting']);
		check('the execution waits for the approver', () => assert.equal(waiting?.status, 'waiting'));

		// n8n's send-and-wait webhook ignores requests whose User-Agent looks like a bot (the `isbot` package) or is
		// missing — mail scanners and link previews must not decide. Node's fetch says "node", which counts as a bot.
		const rejectLink = decisionLink(rejectMail, false);
		const preview = await open(rejectLink, 'node');
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		const [stillWaiting] = await executionsReaching(userFolder, WORKFLOW_ID, afterId, 1, ['waiting']);
		check('a link preview (a bot\'s User-Agent) gets an empty page and decides nothing: the execution still waits', () => {
			assert.equal(preview.status, 200);
			assert.equal(preview.text, '');
			assert.equal(stillWaiting?.status, 'waiting');
		});

		const rejectClick = await open(rejectLink);
		const [afterReject] = await executionsReaching(userFolder, WORKFLOW_ID, afterId, 1, FINISHED);
		check('the approver clicks Reject: "Got it, thanks", the execution ends as success through Rejected, Graph hears no write', () => {
			assert.equal(rejectClick.status, 200, rejectClick.text);
			assert.match(rejectClick.text, /Got it, thanks/);
			assert.equal(afterReject?.status, 'success', JSON.stringify(afterReject));
			assert.equal(afterReject?.lastNodeExecuted, 'Rejected');
			assert.deepEqual(writes(emulator), []);
			assert.deepEqual(northwindSync(emulator), { isSyncAllowed: true });
		});

		// A ticket the approver approves.
		const afterRejected = lastExecutionId(userFolder, WORKFLOW_ID);
		const mailsBeforeApproval = smtp.mails.length;
		const approvedTicket = await post(server, { ...ticket, ticket: 'CHG-1044' });
		const approveMail = await nextMail(smtp, mailsBeforeApproval);
		const [awaiting] = await executionsReaching(userFolder, WORKFLOW_ID, afterRejected, 1, ['waiting']);
		check('a second ticket gets 202 and its own mail, and waits', () => {
			assert.equal(approvedTicket.status, 202, approvedTicket.text);
			assert.ok(approveMail, 'no mail reached the approver');
			assert.match(approveMail.raw, /CHG-1044/);
			assert.equal(awaiting?.status, 'waiting');
		});
		emulator.clearRequests();
		const approveClick = await open(decisionLink(approveMail, true));
		const [afterApprove] = await executionsReaching(userFolder, WORKFLOW_ID, afterRejected, 1, FINISHED);
		check('the approver clicks Approve: the execution ends as success through Apply, which sends exactly the ticket\'s change (one PATCH)', () => {
			assert.equal(approveClick.status, 200, approveClick.text);
			assert.match(approveClick.text, /Got it, thanks/);
			assert.equal(afterApprove?.status, 'success', JSON.stringify(afterApprove));
			assert.equal(afterApprove?.lastNodeExecuted, 'Apply');
			assert.deepEqual(writes(emulator), [`PATCH /v1.0/policies/crossTenantAccessPolicy/partners/${NORTHWIND}/identitySynchronization → 204`]);
			const patch = emulator.graphRequests().find((r) => r.method === 'PATCH');
			assert.equal(patch?.rawBody, '{"userSyncInbound":{"isSyncAllowed":false}}');
			assert.deepEqual(northwindSync(emulator), { isSyncAllowed: false });
		});
	} finally {
		await server.stop();
	}
}
