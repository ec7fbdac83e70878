import type { CollectionShape } from './graph-directory-query';
import type { DirectoryGroup, DirectoryUser } from './directory-objects';
import type { AppRoleAssignment, JobStatus, SyncApplication, SyncJob, SyncServicePrincipal } from './sync-store';

/**
 * Graph's JSON for the source-side objects, after the examples of Microsoft's cross-tenant sync guide
 * (cross-tenant-synchronization-configure-graph.md) and the reference pages of each call.
 */

/** The gallery app's home page, as the guide's instantiate answer shows it. */
const HOME_PAGE = 'https://account.activedirectory.windowsazure.com:444/applications/default.aspx?metadata=aad2aadsync|ISV9.1|primary|z';
const EMPTY_INFO = { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null };
const NO_VERIFIED_PUBLISHER = { displayName: null, verifiedPublisherId: null, addedDateTime: null };

/** The template's one app role: user (and group) assignment puts a principal in scope. */
export function msiamAccessRole(id: string): Record<string, unknown> {
	return { allowedMemberTypes: ['User'], displayName: 'msiam_access', id, isEnabled: true, description: 'msiam_access', value: null, origin: 'Application' };
}

export function applicationResource(app: SyncApplication): Record<string, unknown> {
	return {
		id: app.id,
		appId: app.appId,
		applicationTemplateId: app.applicationTemplateId,
		createdDateTime: app.createdDateTime,
		deletedDateTime: null,
		displayName: app.displayName,
		description: null,
		groupMembershipClaims: null,
		identifierUris: [],
		isFallbackPublicClient: false,
		signInAudience: 'AzureADMyOrg',
		tags: [],
		tokenEncryptionKeyId: null,
		defaultRedirectUri: null,
		optionalClaims: null,
		addIns: [],
		api: { acceptMappedClaims: null, knownClientApplications: [], requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [] },
		appRoles: [msiamAccessRole(app.appRoleId)],
		info: EMPTY_INFO,
		keyCredentials: [],
		parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: 'Allow' },
		passwordCredentials: [],
		publicClient: { redirectUris: [] },
		requiredResourceAccess: [],
		verifiedPublisher: NO_VERIFIED_PUBLISHER,
		web: { homePageUrl: HOME_PAGE, redirectUris: [], logoutUrl: null },
	};
}

/** `ownerTenantId`: appOwnerOrganizationId (the tenant that instantiated the gallery app). */
export function servicePrincipalResource(sp: SyncServicePrincipal, ownerTenantId: string): Record<string, unknown> {
	const fromTemplate = sp.applicationTemplateId !== null;
	return {
		id: sp.id,
		deletedDateTime: null,
		accountEnabled: true,
		appId: sp.appId,
		applicationTemplateId: sp.applicationTemplateId,
		appDisplayName: sp.displayName,
		alternativeNames: [],
		appOwnerOrganizationId: ownerTenantId,
		displayName: sp.displayName,
		appRoleAssignmentRequired: fromTemplate,
		loginUrl: null,
		logoutUrl: null,
		homepage: fromTemplate ? HOME_PAGE : null,
		notificationEmailAddresses: [],
		preferredSingleSignOnMode: null,
		preferredTokenSigningKeyThumbprint: null,
		replyUrls: [],
		servicePrincipalNames: [sp.appId],
		servicePrincipalType: 'Application',
		tags: fromTemplate ? ['WindowsAzureActiveDirectoryIntegratedApp'] : [],
		tokenEncryptionKeyId: null,
		samlSingleSignOnSettings: null,
		addIns: [],
		appRoles: sp.appRoleId ? [msiamAccessRole(sp.appRoleId)] : [],
		info: EMPTY_INFO,
		keyCredentials: [],
		oauth2PermissionScopes: [],
		passwordCredentials: [],
		verifiedPublisher: NO_VERIFIED_PUBLISHER,
	};
}

function statusResource(status: JobStatus): Record<string, unknown> {
	return structuredClone({ ...status });
}

/** A synchronizationJob as GET returns it; `schedule.interval` is Graph's fixed 40 minutes whatever the emulator's clock. */
export function jobResource(job: SyncJob): Record<string, unknown> {
	return {
		id: job.id,
		templateId: job.templateId,
		schedule: { expiration: null, interval: 'PT40M', state: job.scheduleState },
		status: statusResource(job.status),
		synchronizationJobSettings: [
			{ name: 'AzureIngestionAttributeOptimization', value: 'False' },
			{ name: 'LookaheadQueryEnabled', value: 'False' },
		],
	};
}

const attribute = (source: string, target: string) => ({
	defaultValue: null,
	exportMissingReferences: false,
	flowBehavior: 'FlowWhenChanged',
	flowType: 'Always',
	matchingPriority: 0,
	source: { expression: `[${source}]`, name: source, parameters: [], type: 'Attribute' },
	targetAttributeName: target,
});

/**
 * The job's schema: one synchronization rule, USER_INBOUND_USER, whose id provisionOnDemand needs. The id differs
 * per job on purpose, so that a client reads it from the schema instead of hard-coding one.
 */
export function schemaResource(job: SyncJob): Record<string, unknown> {
	return {
		id: job.id,
		version: 'v1.2',
		synchronizationRules: [
			{
				containerFilter: null,
				editable: true,
				groupFilter: null,
				id: job.ruleId,
				name: 'USER_INBOUND_USER',
				priority: 1,
				sourceDirectoryName: 'Azure Active Directory',
				targetDirectoryName: 'Azure Active Directory (target tenant)',
				metadata: [
					{ key: 'defaultSourceObjectMappings', value: '[]' },
					{ key: 'supportsProvisionOnDemand', value: 'true' },
				],
				objectMappings: [
					{
						enabled: true,
						flowTypes: 'Add, Update, Delete',
						metadata: [],
						name: 'Provision Azure Active Directory Users',
						scope: null,
						sourceObjectName: 'User',
						targetObjectName: 'User',
						attributeMappings: [
							attribute('objectId', 'alternativeSecurityIds'),
							attribute('displayName', 'displayName'),
							attribute('mail', 'mail'),
							attribute('userPrincipalName', 'userPrincipalName'),
							{ ...attribute('userType', 'userType'), source: { expression: '"Member"', name: 'Member', parameters: [], type: 'Constant' } },
						],
					},
				],
			},
		],
		directories: [
			{ id: 'AzureActiveDirectory', name: 'Azure Active Directory', discoverabilities: 'None', objects: [] },
			{ id: 'AzureActiveDirectoryTargetTenant', name: 'Azure Active Directory (target tenant)', discoverabilities: 'None', objects: [] },
		],
	};
}

export function assignmentResource(assignment: AppRoleAssignment): Record<string, unknown> {
	return { deletedDateTime: null, ...assignment };
}

export function userResource(user: DirectoryUser): Record<string, unknown> {
	return {
		id: user.id,
		displayName: user.displayName,
		userPrincipalName: user.userPrincipalName,
		mail: user.mail,
		userType: user.userType,
		accountEnabled: user.accountEnabled,
		createdDateTime: user.createdDateTime,
		externalUserState: user.externalUserState,
		externalUserStateChangeDateTime: user.externalUserStateChangeDateTime,
	};
}

export function groupResource(group: DirectoryGroup): Record<string, unknown> {
	return { id: group.id, displayName: group.displayName, securityEnabled: true, mailEnabled: false, groupTypes: [] };
}

const keysOf = (resource: Record<string, unknown>) => Object.keys(resource);

export const SERVICE_PRINCIPAL_SHAPE: CollectionShape = {
	type: 'microsoft.graph.servicePrincipal',
	resource: 'ServicePrincipal',
	filterable: ['id', 'appId', 'displayName', 'applicationTemplateId'],
	selectable: keysOf(servicePrincipalResource({ id: '', appId: '', displayName: '', applicationTemplateId: null }, '')),
};

export const APPLICATION_SHAPE: CollectionShape = {
	type: 'microsoft.graph.application',
	resource: 'Application',
	filterable: ['id', 'appId', 'displayName', 'applicationTemplateId'],
	selectable: keysOf(applicationResource({ id: '', appId: '', displayName: '', applicationTemplateId: '', createdDateTime: '', appRoleId: '', ownerAppId: '' })),
};

export const ASSIGNMENT_SHAPE: CollectionShape = {
	type: 'microsoft.graph.appRoleAssignment',
	resource: 'AppRoleAssignment',
	filterable: ['principalId', 'principalType', 'appRoleId'],
	selectable: ['deletedDateTime', 'id', 'appRoleId', 'createdDateTime', 'principalId', 'principalType', 'principalDisplayName', 'resourceId', 'resourceDisplayName'],
};

export const USER_SHAPE: CollectionShape = {
	type: 'microsoft.graph.user',
	resource: 'User',
	filterable: ['id', 'displayName', 'userPrincipalName', 'mail', 'userType', 'externalUserState'],
	selectable: ['id', 'displayName', 'userPrincipalName', 'mail', 'userType', 'accountEnabled', 'createdDateTime', 'externalUserState', 'externalUserStateChangeDateTime'],
};

export const GROUP_SHAPE: CollectionShape = {
	type: 'microsoft.graph.group',
	resource: 'Group',
	filterable: ['id', 'displayName'],
	selectable: ['id', 'displayName', 'securityEnabled', 'mailEnabled', 'groupTypes'],
};
