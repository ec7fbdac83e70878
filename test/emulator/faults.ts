import type { FaultRule, Faults } from './types';

function checkFaults(faults: Faults): Faults {
	const problems: string[] = [];
	if (faults.latencyMs !== undefined && !(Number.isFinite(faults.latencyMs) && faults.latencyMs >= 0)) problems.push('latencyMs');
	if (faults.resetConnections !== undefined && !(Number.isInteger(faults.resetConnections) && faults.resetConnections >= 0)) {
		problems.push('resetConnections');
	}
	for (const [i, rule] of (faults.failures ?? []).entries()) {
		if (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599) problems.push(`failures[${i}].status`);
		if (!Number.isInteger(rule.count) || rule.count < 0) problems.push(`failures[${i}].count`);
	}
	if (problems.length > 0) throw new Error(`Invalid faults: ${problems.join(', ')}`);
	return structuredClone(faults);
}

/** Latency, scripted failures and dropped connections for Graph requests (never for token or metadata). */
export class FaultInjector {
	private faults: Faults = {};

	set(faults: Faults): void {
		this.faults = checkFaults(faults);
	}

	clear(): void {
		this.faults = {};
	}

	get latencyMs(): number {
		return this.faults.latencyMs ?? 0;
	}

	/** True when this request's connection must be dropped (uses up one reset). */
	takeReset(): boolean {
		const remaining = this.faults.resetConnections ?? 0;
		if (remaining <= 0) return false;
		this.faults.resetConnections = remaining - 1;
		return true;
	}

	/** The first rule that matches and still has uses left, used up by one. */
	takeFailure(method: string, path: string): FaultRule | undefined {
		const rule = (this.faults.failures ?? []).find(
			(r) =>
				r.count > 0 &&
				(r.method === undefined || r.method.toUpperCase() === method.toUpperCase()) &&
				(r.pathIncludes === undefined || path.includes(r.pathIncludes)),
		);
		if (rule) rule.count -= 1;
		return rule;
	}
}
