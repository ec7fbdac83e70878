/**
 * Turns on one subject (a partner, a sync configuration), shared by every execution of this n8n process: an item
 * holds the turn on its subject from its first request to its result, so two executions that change different
 * members of one partner both keep their change (each reads what the other wrote). Graph offers no ETag for these
 * resources, so across processes (queue-mode workers) nothing can hold a turn; there the write flows read back what
 * they wrote.
 */

/** Directory → subject key → those waiting for the turn, in order (none yet: undefined); present while a turn is held. */
const waitingFor = new Map<string, Map<string, Array<() => void> | undefined>>();

/**
 * Takes the turn on a subject of a directory, first come first served: true when it is taken at once (the usual case:
 * nobody holds it, no promise made), else a promise that resolves once it is this caller's. Whoever took it must call
 * handOnTurn exactly once.
 */
export function takeTurn(directory: string, subject: string): true | Promise<void> {
	let subjects = waitingFor.get(directory);
	if (!subjects) waitingFor.set(directory, (subjects = new Map()));
	if (!subjects.has(subject)) {
		subjects.set(subject, undefined);
		return true;
	}
	const line = subjects.get(subject) ?? [];
	subjects.set(subject, line);
	return new Promise<void>((resolve) => line.push(resolve));
}

/** Gives the turn to the next in line, or frees it. */
export function handOnTurn(directory: string, subject: string): void {
	const subjects = waitingFor.get(directory);
	const next = subjects?.get(subject)?.shift();
	if (next) return next();
	subjects?.delete(subject);
	if (subjects?.size === 0) waitingFor.delete(directory);
}
