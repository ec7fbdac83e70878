/** Graph paths of the cross-tenant access policy, relative to the versioned Graph root. */
export const PARTNERS_PATH = '/policies/crossTenantAccessPolicy/partners';

export function partnerPath(partnerTenantId: string): string {
	return `${PARTNERS_PATH}/${partnerTenantId}`;
}

export function syncPolicyPath(partnerTenantId: string): string {
	return `${partnerPath(partnerTenantId)}/identitySynchronization`;
}

export function tenantByDomainPath(domain: string): string {
	return `/tenantRelationships/findTenantInformationByDomainName(domainName='${encodeURIComponent(domain)}')`;
}

/** Microsoft's gallery template "Cross-tenant synchronization": every configuration is an instance of it. */
export const CROSS_TENANT_SYNC_TEMPLATE_ID = '518e5f48-1fc8-4c48-9387-9fdf28b0dfe7';

export const INSTANTIATE_PATH = `/applicationTemplates/${CROSS_TENANT_SYNC_TEMPLATE_ID}/instantiate`;

export const SERVICE_PRINCIPALS_PATH = '/servicePrincipals';

/** The tenant's cross-tenant sync configurations: service principals instantiated from the template. */
export function configurationsPath(displayName?: string): string {
	const byTemplate = `applicationTemplateId eq '${CROSS_TENANT_SYNC_TEMPLATE_ID}'`;
	const filter = displayName === undefined ? byTemplate : `${byTemplate} and displayName eq '${displayName.replaceAll("'", "''")}'`;
	return `${SERVICE_PRINCIPALS_PATH}?$filter=${encodeURIComponent(filter)}`;
}

export function servicePrincipalPath(servicePrincipalId: string): string {
	return `${SERVICE_PRINCIPALS_PATH}/${servicePrincipalId}`;
}

export function applicationPath(applicationObjectId: string): string {
	return `/applications/${applicationObjectId}`;
}

export function syncJobsPath(servicePrincipalId: string): string {
	return `${servicePrincipalPath(servicePrincipalId)}/synchronization/jobs`;
}

export function syncJobPath(servicePrincipalId: string, jobId: string): string {
	return `${syncJobsPath(servicePrincipalId)}/${encodeURIComponent(jobId)}`;
}

export function syncSecretsPath(servicePrincipalId: string): string {
	return `${servicePrincipalPath(servicePrincipalId)}/synchronization/secrets`;
}

export function appRoleAssignedToPath(servicePrincipalId: string): string {
	return `${servicePrincipalPath(servicePrincipalId)}/appRoleAssignedTo`;
}
