import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { EmulatorSeed, SeedPartner } from '../emulator';
import { defaultSeedPath } from '../emulator';
import { CONTOSO } from '../emulator/seed-ids';

/**
 * A request/response example Microsoft publishes with a Graph API reference page
 * (github.com/microsoftgraph/microsoft-graph-docs-contrib), kept verbatim with its source, and the state the
 * emulator needs for the example to succeed (`given`: Contoso's partners, as a seed).
 */
export interface ConformanceFixture {
	/** resource.operation of the node, 'tenantLookup' or '$batch'. */
	operation: string;
	source: { repository: string; path: string; commit: string; example: string };
	documented: {
		method: string;
		/** The page's "HTTP request" path, relative to the version root; {id} stands for a key. */
		path: string;
		/** OData query options the page says the method supports. */
		queryOptions?: string[];
		/** The page's "Request headers" table: a name, or "Name: value" when it pins the value. */
		requestHeaders: string[];
		requestBody: boolean;
		successStatus: number;
		note?: string;
		[more: string]: unknown;
	};
	request: { method: string; url: string; headers?: Record<string, string>; body?: unknown };
	response: { status: number; headers?: Record<string, string>; truncated: boolean; body?: unknown };
	given?: { partners: SeedPartner[] };
	/** How the emulator's answer body is held against the example: values (default), shape only, or a $batch envelope. */
	compare?: 'values' | 'shape' | 'envelope';
	note?: string;
}

const FIXTURE_DIR = path.join(__dirname, 'fixtures');

export function loadFixtures(): Array<[name: string, fixture: ConformanceFixture]> {
	return readdirSync(FIXTURE_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(FIXTURE_DIR, file), 'utf8')) as ConformanceFixture]);
}

/** The default seed with Contoso's partners replaced by the fixture's `given` ones (when it names any). */
export function seedFor(fixture: ConformanceFixture): EmulatorSeed {
	const seed = JSON.parse(readFileSync(defaultSeedPath, 'utf8')) as EmulatorSeed;
	if (fixture.given) seed.partners[CONTOSO] = structuredClone(fixture.given.partners);
	return seed;
}

/** The example's URL as a path under the emulator (https://graph.microsoft.com/v1.0/x → /v1.0/x). */
export function emulatorPath(url: string): string {
	const parsed = new URL(url);
	return `${parsed.pathname}${parsed.search}`.replace(/%24/g, '$').replace(/%20/g, ' ');
}

/** A regex for the documented path template: {id} is one segment (or the function parameter's value). */
export function pathPattern(template: string): RegExp {
	const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{id\}/g, "[^/']+");
	return new RegExp(`^/(v1\\.0|beta)${escaped}$`, 'i');
}

/**
 * Where `actual` differs from the documented example: every property the example shows must be there with a value
 * of the same JSON type (`null` in the example pins only that the property exists), and with `values` the same
 * scalar values. Lists are compared by their first element. Extra properties are fine: examples are "truncated".
 */
export function bodyDifferences(documented: unknown, actual: unknown, values: boolean, at = 'body'): string[] {
	if (documented === null) return [];
	if (Array.isArray(documented)) {
		if (!Array.isArray(actual)) return [`${at}: a list is documented, got ${typeName(actual)}`];
		if (documented.length === 0) return [];
		if (actual.length === 0) return [`${at}: documented with elements, got an empty list`];
		return bodyDifferences(documented[0], actual[0], values, `${at}[0]`);
	}
	if (typeof documented === 'object') {
		if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [`${at}: an object is documented, got ${typeName(actual)}`];
		return Object.entries(documented as Record<string, unknown>).flatMap(([key, value]) =>
			key in actual ? bodyDifferences(value, (actual as Record<string, unknown>)[key], values && !key.startsWith('@odata.'), `${at}.${key}`) : [`${at}.${key}: missing`],
		);
	}
	if (typeof documented !== typeof actual) return [`${at}: ${typeof documented} documented, got ${typeName(actual)}`];
	if (values && documented !== actual) return [`${at}: ${JSON.stringify(documented)} documented, got ${JSON.stringify(actual)}`];
	return [];
}

/** Properties the node sends that the example does not show, or shows with another JSON type. */
export function undocumentedProperties(documented: unknown, sent: unknown, at = 'body'): string[] {
	if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) {
		if (documented === null) return [];
		return typeof documented === typeof sent ? [] : [`${at}: ${typeName(sent)} sent, ${typeName(documented)} documented`];
	}
	if (typeof documented !== 'object' || documented === null) return [`${at}: an object sent, ${typeName(documented)} documented`];
	return Object.entries(sent as Record<string, unknown>).flatMap(([key, value]) =>
		key in documented ? undocumentedProperties((documented as Record<string, unknown>)[key], value, `${at}.${key}`) : [`${at}.${key}: not in the documented example`],
	);
}

function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value;
}
