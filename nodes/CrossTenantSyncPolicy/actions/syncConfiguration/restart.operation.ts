import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { configurationIdProperty } from '../../descriptions/configurationId';
import { optionsCollection } from '../../descriptions/requestOptions';
import { ParameterReader } from '../parameters';
import type { ItemPlan } from '../../plan';
import { planJobAction } from './jobAction';

/** Microsoft's resetScope values, less None and ConnectorDataStore (documented "do not use"). */
const RESET_SCOPES = [
	{ name: 'Escrows', value: 'Escrows', description: 'Forget exports waiting to be retried' },
	{ name: 'Force Deletes', value: 'ForceDeletes', description: 'Carry out deletions the deletion threshold held back' },
	{ name: 'Full', value: 'Full', description: 'Everything: start from scratch' },
	{ name: 'Quarantine State', value: 'QuarantineState', description: 'Lift the quarantine' },
	{ name: 'Watermark', value: 'Watermark', description: 'Read every object again in the next cycle (an initial cycle)' },
] as const;

const properties: INodeProperties[] = [
	configurationIdProperty,
	optionsCollection([
		{
			displayName: 'Reset Scope',
			name: 'resetScope',
			type: 'multiOptions',
			options: [...RESET_SCOPES],
			default: [],
			description: "What the restart clears. None chosen: Graph's default, as the admin center's Restart (quarantine, watermark and escrows).",
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['syncConfiguration'], operation: ['restart'] } }, properties);

const SCOPE_VALUES = RESET_SCOPES.map((scope) => scope.value);

/** Reset Scope: a list of Microsoft's values (from an expression also a comma-separated text); empty = Graph's default. */
function readResetScope(params: ParameterReader): string[] {
	const raw = params.raw('options.resetScope');
	if (raw === undefined || raw === null || raw === '') return [];
	const values = typeof raw === 'string' ? raw.split(',').map((v) => v.trim()).filter(Boolean) : raw;
	if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || !(SCOPE_VALUES as readonly string[]).includes(v))) {
		throw params.invalid('options.resetScope', `Reset Scope must be a list of ${SCOPE_VALUES.map((v) => `"${v}"`).join(', ')}`);
	}
	return [...new Set(values as string[])];
}

/** Restarts the job: the next cycle runs as the reset scope says (the default scope also lifts a quarantine). */
export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	const scopes = readResetScope(new ParameterReader(ctx, itemIndex));
	return planJobAction(ctx, itemIndex, { operation: 'restart', done: 'restarted', body: scopes.length > 0 ? { criteria: { resetScope: scopes.join(', ') } } : {} });
}
