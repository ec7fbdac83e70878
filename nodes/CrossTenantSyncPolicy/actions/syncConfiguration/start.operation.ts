import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { configurationIdProperty } from '../../descriptions/configurationId';
import { optionsCollection } from '../../descriptions/requestOptions';
import type { ItemPlan } from '../../plan';
import { planJobAction } from './jobAction';
import { isRunning } from './syncJob';

export const description = updateDisplayOptions({ show: { resource: ['syncConfiguration'], operation: ['start'] } }, [configurationIdProperty, optionsCollection()]);

/** Starts the job (a paused one resumes, a quarantined one is let out); a running job is left alone. */
export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	return planJobAction(ctx, itemIndex, { operation: 'start', done: 'started', body: {}, alreadyThere: isRunning });
}
