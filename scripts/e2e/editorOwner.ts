/** The owner account `npm run dev` and the browser test create in their n8n (local, throwaway instances only). */
export const OWNER = { email: 'owner@contoso.example', firstName: 'Dev', lastName: 'Owner', password: 'Dev-owner-1234' };

const post = (url: string, body: unknown) =>
	fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) }).catch(() => undefined);

/**
 * Makes sure the owner account exists and can sign in, so nobody has to fill in the set-up form. n8n answers /healthz
 * before its REST API is mounted (404) and its database is ready (503): tries again until the sign-in works.
 */
export async function setUpOwner(editorUrl: string, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		// Set-up first (sign-in attempts are rate-limited per account); it answers 400 once the owner exists.
		const setup = await post(`${editorUrl}/rest/owner/setup`, OWNER);
		if (setup && ![404, 503].includes(setup.status)) {
			const login = await post(`${editorUrl}/rest/login`, { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
			if (login?.ok) return;
			last = `set-up ${setup.status}, sign-in ${login?.status ?? 'no answer'}`;
		} else {
			last = `set-up ${setup?.status ?? 'no answer'}`;
		}
		await new Promise((resolve) => setTimeout(resolve, 3000));
	}
	throw new Error(`Could not set up nor sign in as the owner ${OWNER.email} at ${editorUrl} (${last})`);
}
