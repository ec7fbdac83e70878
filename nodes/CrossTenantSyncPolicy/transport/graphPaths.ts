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
