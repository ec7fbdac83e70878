import { GraphError, errorResponse } from './graph-errors';
import type { GraphRequest } from './graph-request';
import type { BatchAnswerShape } from './types';

/** One entry of a batch answer's "responses". */
export interface PartAnswer {
	id: string;
	status: number;
	headers: Record<string, string>;
	body?: unknown;
}

export const DEFAULT_DUPLICATE_STATUS = 500;

function duplicateAnswer(outer: GraphRequest, id: string, status: number): PartAnswer {
	const error = new GraphError(status, 'generalException', `Injected duplicate answer for request '${id}'.`);
	const response = errorResponse(outer, error);
	return { id, status, headers: { 'Content-Type': response.headers['content-type'] }, body: response.body };
}

/**
 * Faults.batchAnswers on a batch answer (`answers` in the order the client would get them): leaves out the last
 * dropParts, then follows each of the first duplicateParts by a failing copy with the same id. Logs what it did.
 */
export function shapeAnswers(outer: GraphRequest, shape: BatchAnswerShape, answers: PartAnswer[]): PartAnswer[] {
	const kept = answers.slice(0, answers.length - Math.min(shape.dropParts ?? 0, answers.length));
	const dropped = answers.slice(kept.length);
	const duplicated = kept.slice(0, shape.duplicateParts ?? 0);
	const status = shape.duplicateStatus ?? DEFAULT_DUPLICATE_STATUS;
	outer.record.batchShape = {
		reversed: shape.reverseOrder === true,
		dropped: dropped.map((a) => a.id),
		duplicated: duplicated.map((a) => a.id),
	};
	return kept.flatMap((answer, i) => (i < duplicated.length ? [answer, duplicateAnswer(outer, answer.id, status)] : [answer]));
}
