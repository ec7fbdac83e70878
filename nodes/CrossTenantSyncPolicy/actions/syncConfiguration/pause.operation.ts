import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { configurationIdProperty } from '../../descriptions/configurationId';
import { optionsCollection } from '../../descriptions/requestOptions';
import type { ItemPlan } from '../../plan';
import { planJobAction } from './jobAction';
import { isPaused } from './syncJob';

export const description = updateDisplayOptions({ show: { resource: ['syncConfiguration'], operation: ['pause'] } }, [configurationIdProperty, optionsCollection()]);

/** Pauses the job; its state is kept, and Start resumes it. */
export function plan(ctx: IExecuteFunctions, itemIndex: number): ItemPlan {
	return planJobAction(ctx, itemIndex, { operation: 'pause', done: 'paused', body: {}, alreadyThere: isPaused });
}
