import { createHash, randomUUID } from 'node:crypto';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
	return typeof value === 'string' && GUID.test(value);
}

export function newGuid(): string {
	return randomUUID();
}

/** Same input, same GUID: stable object ids (e.g. a service principal's oid) without storing them. */
export function stableGuid(...parts: string[]): string {
	const hex = createHash('sha256').update(parts.join('|')).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
