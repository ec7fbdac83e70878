import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { isGuid } from './guid';
import type { EmulatorSeed, RegisteredApp, SeedDirectory, SeedGroup, SeedPartner, SeedTenant, SeedUser } from './types';

export const defaultSeedPath = join(__dirname, 'seed.json');

function fail(problem: string): never {
	throw new Error(`Invalid emulator seed: ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTenant(tenant: unknown, index: number): SeedTenant {
	if (!isObject(tenant) || !isGuid(tenant.tenantId)) fail(`tenants[${index}].tenantId must be a GUID`);
	if (tenant.domains !== undefined && !(Array.isArray(tenant.domains) && tenant.domains.every((d) => typeof d === 'string'))) {
		fail(`tenants[${index}].domains must be a list of domain names`);
	}
	return tenant as unknown as SeedTenant;
}

function checkApp(app: unknown, index: number): RegisteredApp {
	if (!isObject(app) || !isGuid(app.tenantId) || !isGuid(app.clientId)) fail(`apps[${index}] needs GUID tenantId and clientId`);
	if (!Array.isArray(app.roles) || !app.roles.every((r) => typeof r === 'string')) fail(`apps[${index}].roles must be a list of strings`);
	if (app.certificate !== undefined && app.certificate !== 'generate') fail(`apps[${index}].certificate can only be "generate"`);
	return app as unknown as RegisteredApp;
}

function checkPartner(partner: unknown, owner: string, index: number): SeedPartner {
	if (!isObject(partner) || !isGuid(partner.tenantId)) fail(`partners["${owner}"][${index}].tenantId must be a GUID`);
	const sync = partner.identitySynchronization;
	if (sync !== undefined && !isObject(sync)) fail(`partners["${owner}"][${index}].identitySynchronization must be an object`);
	return partner as unknown as SeedPartner;
}

function checkUser(user: unknown, where: string): SeedUser {
	if (!isObject(user) || !isGuid(user.id)) fail(`${where}.id must be a GUID`);
	if (typeof user.userPrincipalName !== 'string' || typeof user.displayName !== 'string') fail(`${where} needs userPrincipalName and displayName`);
	if (user.userType !== 'Member' && user.userType !== 'Guest') fail(`${where}.userType must be "Member" or "Guest"`);
	return user as unknown as SeedUser;
}

function checkGroup(group: unknown, where: string): SeedGroup {
	if (!isObject(group) || !isGuid(group.id)) fail(`${where}.id must be a GUID`);
	if (typeof group.displayName !== 'string') fail(`${where}.displayName must be a string`);
	if (!Array.isArray(group.members) || !group.members.every(isGuid)) fail(`${where}.members must be a list of object ids`);
	return group as unknown as SeedGroup;
}

function checkDirectory(value: unknown): Record<string, SeedDirectory> {
	if (value === undefined) return {};
	if (!isObject(value)) fail('"directory" must map a tenant id to {users, groups}');
	const checked: Record<string, SeedDirectory> = {};
	for (const [tenant, entry] of Object.entries(value)) {
		if (!isGuid(tenant)) fail(`directory key "${tenant}" must be a tenant GUID`);
		if (!isObject(entry)) fail(`directory["${tenant}"] must be an object`);
		const { users = [], groups = [] } = entry;
		if (!Array.isArray(users) || !Array.isArray(groups)) fail(`directory["${tenant}"].users and .groups must be lists`);
		checked[tenant.toLowerCase()] = {
			users: users.map((u, i) => checkUser(u, `directory["${tenant}"].users[${i}]`)),
			groups: groups.map((g, i) => checkGroup(g, `directory["${tenant}"].groups[${i}]`)),
		};
	}
	return checked;
}

export function validateSeed(value: unknown): EmulatorSeed {
	if (!isObject(value)) fail('the seed must be a JSON object');
	if (!Array.isArray(value.tenants)) fail('"tenants" must be a list');
	if (!Array.isArray(value.apps)) fail('"apps" must be a list');
	const partners = value.partners ?? {};
	if (!isObject(partners)) fail('"partners" must map an owner tenant id to a list of partners');
	const checkedPartners: Record<string, SeedPartner[]> = {};
	for (const [owner, list] of Object.entries(partners)) {
		if (!isGuid(owner)) fail(`partners key "${owner}" must be a tenant GUID`);
		if (!Array.isArray(list)) fail(`partners["${owner}"] must be a list`);
		checkedPartners[owner.toLowerCase()] = list.map((p, i) => checkPartner(p, owner, i));
	}
	return {
		tenants: value.tenants.map(checkTenant),
		apps: value.apps.map(checkApp),
		partners: checkedPartners,
		directory: checkDirectory(value.directory),
	};
}

/** Returns a private deep copy: the emulator mutates its state and must never touch the caller's object. */
export function loadSeed(seed: EmulatorSeed | string = defaultSeedPath): EmulatorSeed {
	const raw: unknown = typeof seed === 'string' ? JSON.parse(readFileSync(seed, 'utf8')) : structuredClone(seed);
	return validateSeed(raw);
}
