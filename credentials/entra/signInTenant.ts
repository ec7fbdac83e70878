/** Authorities that name no tenant: they serve users signing in, and MSAL refuses them for an app signing in as itself. */
const TENANT_ALIASES = ['common', 'organizations', 'consumers'];

/**
 * Checks the Tenant ID before any sign-in: with common, organizations or consumers MSAL fails with
 * missing_tenant_id_error and a link, which does not say what to enter instead. Returns the problem, or undefined.
 */
export function signInTenantProblem(tenantId: string): { message: string; advice: string } | undefined {
	if (!TENANT_ALIASES.includes(tenantId.toLowerCase())) return undefined;
	return {
		message: `The Tenant ID "${tenantId}" names no tenant: app-only sign-in needs the directory (tenant) ID GUID or a verified domain of the tenant.`,
		advice:
			'Enter your tenant\'s Directory (tenant) ID (Entra admin center → Overview), a GUID such as 90e29127-71ad-49c7-9ce8-db3f41ea06f1, or a verified domain such as contoso.onmicrosoft.com; "common", "organizations" and "consumers" serve sign-ins of users, not of an app.',
	};
}
