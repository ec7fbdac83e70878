/**
 * Turns on one partner, shared by every execution of this n8n process: an item holds the turn on its partner from its
 * first request to its result, so two executions that change different members of one partner both keep their
 * change (each reads what the other wrote). Graph offers no ETag for these resources, so across processes (queue-mode
 * workers) nothing can hold a turn; there the write flows read back what they wrote.
 */
const lastInLine = new Map<string, Promise<void>>();

export type HandOn = () => void;

/**
 * The turn on `key`, first come first served: at once when nobody holds it (the usual case, no waiting at all), else
 * a promise of it. Call the returned function to hand the turn on.
 */
export function takePartnerTurn(key: string): HandOn | Promise<HandOn> {
	const before = lastInLine.get(key);
	let release: () => void = () => {};
	const mine = new Promise<void>((resolve) => (release = resolve));
	const tail = before ? before.then(() => mine) : mine;
	lastInLine.set(key, tail);
	const handOn = () => {
		release();
		if (lastInLine.get(key) === tail) lastInLine.delete(key);
	};
	return before ? before.then(() => handOn) : handOn;
}
