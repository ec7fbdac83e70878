import type { IDataObject } from 'n8n-workflow';

import { TENANT_GUID_REGEX } from '../../descriptions/partnerTenantId';
import { appRoleAssignedToPath, servicePrincipalPath } from '../../transport/graphPaths';
import { pagedList } from '../pagedList';
import type { ParameterReader } from '../parameters';
import type { PlanStep, StepOutcome } from '../../plan';
import { withoutODataAnnotations } from '../../plan';

const OBJECT_ID = new RegExp(TENANT_GUID_REGEX);

/** An object ID (a user's, a group's) from a text field. */
export function readObjectId(params: ParameterReader, path: string, label: string): string {
	const value = params.text(path, label, { maxLength: 100 });
	if (value === undefined || value.trim() === '') throw params.invalid(path, `${label} is required`);
	if (!OBJECT_ID.test(value.trim())) throw params.invalid(path, `${label} "${value.slice(0, 60)}" is not an object ID GUID`);
	return value.trim().toLowerCase();
}

/**
 * The app role that puts a principal in the configuration's scope, read from the service principal (never
 * hard-coded: its ID differs per configuration): msiam_access, else the one role users may be given.
 */
export function withScopeRole(configurationId: string, continueWith: (appRoleId: string) => StepOutcome): PlanStep {
	return {
		call: { method: 'GET', path: `${servicePrincipalPath(configurationId)}?$select=id,appRoles` },
		onSuccess: (reply) => {
			const roles = (withoutODataAnnotations(reply.body).appRoles as IDataObject[] | undefined) ?? [];
			const forUsers = roles.filter((role) => Array.isArray(role.allowedMemberTypes) && (role.allowedMemberTypes as unknown[]).includes('User') && role.isEnabled !== false);
			const role = forUsers.find((r) => r.displayName === 'msiam_access' || r.value === 'msiam_access') ?? (forUsers.length === 1 ? forUsers[0] : undefined);
			if (typeof role?.id !== 'string') throw new Error(`Configuration ${configurationId} has no app role users can be assigned (msiam_access); is it a cross-tenant sync configuration?`);
			return continueWith(role.id);
		},
	};
}

/** The principal's assignments to the configuration (every page read). */
export function withAssignmentsOf(configurationId: string, principalId: string, continueWith: (assignments: IDataObject[]) => StepOutcome): PlanStep {
	const list = { method: 'GET' as const, path: appRoleAssignedToPath(configurationId), list: true };
	const mine = (entry: unknown) => {
		const assignment = withoutODataAnnotations(entry);
		return String(assignment.principalId ?? '').toLowerCase() === principalId ? assignment : undefined;
	};
	return pagedList('Sync Configuration → assignments', list, Infinity, mine, continueWith);
}
