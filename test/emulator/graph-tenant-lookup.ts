import { isDomainName } from './directory';
import { graphErrors } from './graph-errors';
import type { GraphRoute, GraphRouteMatch } from './graph-routes';

const FUNCTION_NAME = 'findTenantInformationByDomainName';
/** name(domainName='value'), the value an OData string literal ('' escapes a quote). */
const CALL = /^findTenantInformationByDomainName\(\s*domainName\s*=\s*'((?:[^']|'')*)'\s*\)$/i;

/**
 * Deliberately lenient: Graph documents CrossTenantInformation.ReadBasic.All as the least privilege; the emulator
 * also accepts the policy permissions an app managing cross-tenant access already holds.
 */
export const TENANT_LOOKUP_ROLES = ['CrossTenantInformation.ReadBasic.All', 'Policy.Read.All', 'Policy.ReadWrite.CrossTenantAccess'];

const tenantInformation: GraphRoute = {
	name: 'findTenantInformationByDomainName',
	readRoles: TENANT_LOOKUP_ROLES,
	handlers: {
		GET: (call) => {
			const domainName = call.domainName ?? '';
			const tenant = call.ctx.directory.tenantByDomain(domainName);
			if (!tenant) throw graphErrors.partnerNotFound(domainName);
			return {
				status: 200,
				body: {
					'@odata.context': `${call.base}/$metadata#microsoft.graph.tenantInformation`,
					tenantId: tenant.tenantId,
					displayName: tenant.displayName ?? null,
					// The seed lists a tenant's default domain first.
					defaultDomainName: tenant.domains?.[0] ?? null,
					federationBrandName: null,
				},
			};
		},
	},
};

/** Segments after `tenantRelationships`: only the findTenantInformationByDomainName function is emulated. */
export function matchTenantRelationships(segments: string[]): GraphRouteMatch {
	const [call, ...rest] = segments;
	if (call === undefined || !call.toLowerCase().startsWith(FUNCTION_NAME.toLowerCase())) {
		throw graphErrors.segmentNotFound(call ?? 'tenantRelationships');
	}
	if (rest.length > 0) throw graphErrors.segmentNotFound(rest[0]);
	const match = CALL.exec(call);
	if (!match) {
		throw graphErrors.badRequest(`Bad Request - Error in query syntax. Expected ${FUNCTION_NAME}(domainName='{domainName}'), got '${call}'.`);
	}
	const domainName = match[1].replace(/''/g, "'");
	if (!isDomainName(domainName)) throw graphErrors.badRequest(`Invalid domain name '${domainName}'.`);
	return { route: tenantInformation, domainName };
}
