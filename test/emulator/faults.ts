import type { FaultRule, Faults } from './types';

function isCount(value: unknown): boolean {
	return Number.isInteger(value) && (value as number) >= 0;
}

function checkFaults(faults: Faults): Faults {
	const problems: string[] = [];
	if (faults.latencyMs !== undefined && !(Number.isFinite(faults.latencyMs) && faults.latencyMs >= 0)) problems.push('latencyMs');
	if (faults.resetConnections !== undefined && !isCount(faults.resetConnections)) problems.push('resetConnections');
	if (faults.resetAfterApplying !== undefined && !isCount(faults.resetAfterApplying)) problems.push('resetAfterApplying');
	for (const [i, rule] of (faults.failures ?? []).entries()) {
		if (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599) problems.push(`failures[${i}].status`);
		if (!isCount(rule.count)) problems.push(`failures[${i}].count`);
	}
	if (problems.length > 0) throw new Error(`Invalid faults: ${problems.join(', ')}`);
	return structuredClone(faults);
}

function targetsBatch(rule: FaultRule): boolean {
	return rule.pathIncludes?.includes('$batch') ?? false;
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
		return this.takeCount('resetConnections');
	}

	/** True when this (write) request must be applied and then lose its connection (uses up one). */
	takeResetAfterApplying(): boolean {
		return this.takeCount('resetAfterApplying');
	}

	/**
	 * The first rule that matches and still has uses left, used up by one. The outer $batch request only matches
	 * rules whose pathIncludes names `$batch`; single requests and batch parts only match the others.
	 */
	takeFailure(method: string, path: string, batchEnvelope = false): FaultRule | undefined {
		const rule = (this.faults.failures ?? []).find(
			(r) =>
				r.count > 0 &&
				targetsBatch(r) === batchEnvelope &&
				(r.method === undefined || r.method.toUpperCase() === method.toUpperCase()) &&
				(r.pathIncludes === undefined || path.includes(r.pathIncludes)),
		);
		if (rule) rule.count -= 1;
		return rule;
	}

	private takeCount(name: 'resetConnections' | 'resetAfterApplying'): boolean {
		const remaining = this.faults[name] ?? 0;
		if (remaining <= 0) return false;
		this.faults[name] = remaining - 1;
		return true;
	}
}
