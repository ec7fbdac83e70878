import type { BatchAnswerShape, FaultRule, Faults, SlowAnswerRule } from './types';

/** Where a request meets the fault rules: a single request, a part of a $batch, or the outer $batch request. */
export type FaultScope = 'request' | 'part' | 'batch';

function isCount(value: unknown): boolean {
	return Number.isInteger(value) && (value as number) >= 0;
}

function isStatus(value: unknown, from = 100, to = 599): boolean {
	return Number.isInteger(value) && (value as number) >= from && (value as number) <= to;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optional(value: unknown, check: (v: unknown) => boolean): boolean {
	return value === undefined || check(value);
}

const isString = (v: unknown) => typeof v === 'string';
const isNonEmptyString = (v: unknown) => typeof v === 'string' && v !== '';
const isBoolean = (v: unknown) => typeof v === 'boolean';

/** Problems of one rule, named `failures[i].field`; values come from JSON (admin endpoint), so nothing is trusted. */
function ruleProblems(rule: unknown, name: string): string[] {
	if (!isRecord(rule)) return [name];
	const problems: string[] = [];
	const field = (key: string, ok: boolean, hint = '') => {
		if (!ok) problems.push(`${name}.${key}${hint}`);
	};
	field('status', isStatus(rule.status));
	field('count', isCount(rule.count));
	field('method', optional(rule.method, isNonEmptyString));
	field('pathIncludes', optional(rule.pathIncludes, isString));
	field('retryAfterSeconds', optional(rule.retryAfterSeconds, isCount));
	field('code', optional(rule.code, isString));
	field('afterApplying', optional(rule.afterApplying, isBoolean));
	field('location', optional(rule.location, isNonEmptyString));
	field('rawBody', optional(rule.rawBody, isString));
	field('contentType', optional(rule.contentType, isNonEmptyString));
	field('hang', optional(rule.hang, isBoolean));
	if (rule.location !== undefined) field('status', isStatus(rule.status, 300, 399), ' (location needs a 3xx)');
	if (rule.contentType !== undefined) field('contentType', rule.rawBody !== undefined, ' (only with rawBody)');
	const shapes = [rule.location !== undefined, rule.rawBody !== undefined, rule.hang === true].filter(Boolean).length;
	if (shapes > 1) problems.push(`${name} (location, rawBody and hang exclude each other)`);
	if (shapes > 0) field('code', rule.code === undefined, ' (only for Graph error answers)');
	if (rule.hang === true) field('retryAfterSeconds', rule.retryAfterSeconds === undefined, ' (a hang sends no headers)');
	return problems;
}

function batchAnswersProblems(shape: unknown): string[] {
	if (shape === undefined) return [];
	if (!isRecord(shape)) return ['batchAnswers'];
	const checks: Array<[keyof BatchAnswerShape, boolean]> = [
		['count', isCount(shape.count)],
		['dropParts', optional(shape.dropParts, isCount)],
		['duplicateParts', optional(shape.duplicateParts, isCount)],
		['duplicateStatus', optional(shape.duplicateStatus, (v) => isStatus(v))],
		['reverseOrder', optional(shape.reverseOrder, isBoolean)],
	];
	return checks.filter(([, ok]) => !ok).map(([key]) => `batchAnswers.${key}`);
}

function slowAnswerProblems(rule: unknown, name: string): string[] {
	if (!isRecord(rule)) return [name];
	const checks: Array<[keyof SlowAnswerRule, boolean]> = [
		['count', isCount(rule.count)],
		['delayMs', isCount(rule.delayMs)],
		['method', optional(rule.method, isNonEmptyString)],
		['pathIncludes', optional(rule.pathIncludes, isString)],
	];
	return checks.filter(([, ok]) => !ok).map(([key]) => `${name}.${key}`);
}

function checkFaults(faults: Faults): Faults {
	const value: unknown = faults;
	if (!isRecord(value)) throw new Error('Invalid faults: faults must be an object');
	const problems: string[] = [];
	if (!optional(value.latencyMs, (v) => Number.isFinite(v) && (v as number) >= 0)) problems.push('latencyMs');
	if (!optional(value.resetConnections, isCount)) problems.push('resetConnections');
	if (!optional(value.resetAfterApplying, isCount)) problems.push('resetAfterApplying');
	if (value.failures !== undefined && !Array.isArray(value.failures)) problems.push('failures');
	else for (const [i, rule] of (faults.failures ?? []).entries()) problems.push(...ruleProblems(rule, `failures[${i}]`));
	problems.push(...batchAnswersProblems(value.batchAnswers));
	if (value.slowAnswers !== undefined && !Array.isArray(value.slowAnswers)) problems.push('slowAnswers');
	else for (const [i, rule] of (faults.slowAnswers ?? []).entries()) problems.push(...slowAnswerProblems(rule, `slowAnswers[${i}]`));
	if (!optional(value.repeatingPages, isCount)) problems.push('repeatingPages');
	if (problems.length > 0) throw new Error(`Invalid faults: ${problems.join(', ')}`);
	return structuredClone(faults);
}

function targetsBatch(rule: FaultRule): boolean {
	return rule.pathIncludes?.includes('$batch') ?? false;
}

function matchesScope(rule: FaultRule, scope: FaultScope): boolean {
	if (targetsBatch(rule) !== (scope === 'batch')) return false;
	// A part cannot hang on its own: the batch answer carries all parts.
	return !(rule.hang === true && scope === 'part');
}

/** Latency, scripted failures, dropped connections and batch answer shapes for Graph requests (never token or metadata). */
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
	 * rules whose pathIncludes names `$batch`; single requests and batch parts only match the others, and parts never
	 * match a rule with hang.
	 */
	takeFailure(method: string, path: string, scope: FaultScope): FaultRule | undefined {
		const rule = (this.faults.failures ?? []).find(
			(r) =>
				r.count > 0 &&
				matchesScope(r, scope) &&
				(r.method === undefined || r.method.toUpperCase() === method.toUpperCase()) &&
				(r.pathIncludes === undefined || path.includes(r.pathIncludes)),
		);
		if (rule) rule.count -= 1;
		return rule;
	}

	/** How long to hold this answer back (0: none); uses up one use of the first matching SlowAnswerRule. */
	takeAnswerDelay(method: string, path: string, scope: FaultScope): number {
		const rule = (this.faults.slowAnswers ?? []).find(
			(r) =>
				r.count > 0 &&
				(r.pathIncludes?.includes('$batch') ?? false) === (scope === 'batch') &&
				(r.method === undefined || r.method.toUpperCase() === method.toUpperCase()) &&
				(r.pathIncludes === undefined || path.includes(r.pathIncludes)),
		);
		if (!rule) return 0;
		rule.count -= 1;
		return rule.delayMs;
	}

	/** True when this partner list must answer its first page again (uses up one). */
	takeRepeatingPage(): boolean {
		const remaining = this.faults.repeatingPages ?? 0;
		if (remaining <= 0) return false;
		this.faults.repeatingPages = remaining - 1;
		return true;
	}

	/** The shape for this $batch answer, if any uses are left (uses up one). */
	takeBatchAnswers(): BatchAnswerShape | undefined {
		const shape = this.faults.batchAnswers;
		if (!shape || shape.count <= 0) return undefined;
		shape.count -= 1;
		return { ...shape };
	}

	private takeCount(name: 'resetConnections' | 'resetAfterApplying'): boolean {
		const remaining = this.faults[name] ?? 0;
		if (remaining <= 0) return false;
		this.faults[name] = remaining - 1;
		return true;
	}
}
