/**
 * Turns on one partner, shared by every execution of this n8n process: an item holds the turn on its partner from its
 * first request to its result, so two executions that change different members of one partner both keep their
 * change (each reads what the other wrote). Graph offers no ETag for these resources, so across processes (queue-mode
 * workers) nothing can hold a turn; there the write flows read back what they wrote.
 */
/** Directory → partner key → those waiting for the turn, in order (none yet: undefined); present while a turn is held. */
const waitingFor = new Map<string, Map<string, Array<() => void> | undefined>>();

/**
 * Takes the turn on a partner of a directory, first come first served: true when it is taken at once (the usual case:
 * nobody holds it, no promise made), else a promise that resolves once it is this caller's. Whoever took it must call
 * handOnPartnerTurn exactly once.
 */
export function takePartnerTurn(directory: string, partner: string): true | Promise<void> {
	let partners = waitingFor.get(directory);
	if (!partners) waitingFor.set(directory, (partners = new Map()));
	if (!partners.has(partner)) {
		partners.set(partner, undefined);
		return true;
	}
	const line = partners.get(partner) ?? [];
	partners.set(partner, line);
	return new Promise<void>((resolve) => line.push(resolve));
}

/** Gives the turn to the next in line, or frees it. */
export function handOnPartnerTurn(directory: string, partner: string): void {
	const partners = waitingFor.get(directory);
	const next = partners?.get(partner)?.shift();
	if (next) return next();
	partners?.delete(partner);
	if (partners?.size === 0) waitingFor.delete(directory);
}
