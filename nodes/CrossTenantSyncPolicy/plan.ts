import type { IDataObject } from 'n8n-workflow';

export type GraphMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type ApiVersion = 'v1.0' | 'beta';

export const DEFAULT_MAX_RETRIES = 5;

/** Per request, as in n8n's HTTP Request node (milliseconds). */
export const DEFAULT_TIMEOUT_MS = 100_000;

/** One Graph request: a path relative to the versioned Graph root (e.g. /policies/…), or a nextLink Graph handed out. */
export interface GraphCall {
	method: GraphMethod;
	path: string;
	version?: ApiVersion;
	body?: IDataObject;
	/** An absolute URL from Graph itself (@odata.nextLink); must lie under the credential's Graph root. */
	absoluteUrl?: string;
	/** A GET of a collection: its answer must hold a `value` array. */
	list?: boolean;
}

/**
 * What became of one call, as the transport tells it:
 * - answered: Graph sent an HTTP answer (any status; a 2xx has already been checked to have the documented shape);
 * - lost: no answer (reset, timeout, missing from a $batch answer) — the call may or may not have been applied;
 * - refused: a deterministic failure that a retry cannot mend (a redirect, an answer that is not Graph's, a link
 *   outside the Graph root, a failed sign-in); nothing more is sent for it.
 */
export type GraphAnswer = GraphReply | GraphLost | GraphRefused;

export interface GraphReply {
	kind: 'answered';
	statusCode: number;
	body: unknown;
	headers: Record<string, unknown>;
	requestId?: string;
	/**
	 * Set when an earlier attempt's answer was lost and this success was inferred from the retry's answer
	 * (e.g. a repeated DELETE meeting 404): the effect is there, but whether this run caused it is unknown.
	 */
	inferred?: boolean;
}

export interface GraphLost {
	kind: 'lost';
	message: string;
	/** False when the request provably never reached Graph (connection refused): nothing can have been applied. */
	maybeApplied: boolean;
}

export interface GraphRefused {
	kind: 'refused';
	message: string;
	description?: string;
	/** The token could not be minted: every other call of the execution fails the same way. */
	signIn?: boolean;
}

export type StepOutcome =
	| { output: IDataObject | IDataObject[] }
	| { next: PlanStep; delayMs?: number }
	/** The subject was resolved to its ID (a domain to a tenant ID); `then` waits for the items before it on that subject. */
	| { resolved: string; then: StepOutcome }
	/**
	 * The item fails with a Graph failure met earlier (`during` that call), after the steps since have put things back
	 * (e.g. deleted what the item had created); `note` says what was done.
	 */
	| { failed: GraphFailure; during: GraphCall; note?: string };

/** A Graph answer outside 2xx, reduced to what users and the error map need. */
export interface GraphFailure {
	statusCode: number;
	code: string;
	message: string;
	requestId?: string;
	date?: string;
	retryAfterSeconds?: number;
	/** Graph's error.details messages, when it sent any (e.g. what a test connection found missing). */
	details?: string[];
}

/**
 * What an operation wants done for one item: a call, and how to read its answer.
 * Operations build steps without doing I/O; the executor decides how and when to send them.
 */
export interface PlanStep {
	call: GraphCall;
	onSuccess(reply: GraphReply): StepOutcome;
	/** Return an outcome to recover from a Graph failure (e.g. an upsert fallback), or undefined to fail the item. */
	onFailure?(failure: GraphFailure): StepOutcome | undefined;
}

export type SubjectField = 'partnerTenantId' | 'configurationId' | 'displayName';

/** What a failed item worked on, as its output names it (e.g. `partnerTenantId: …`). */
export interface SubjectOfFailure {
	field: SubjectField;
	id: string;
}

export interface ItemPlan {
	itemIndex: number;
	operation: string;
	/** What the item works on as the user named it (a tenant ID, a domain, a configuration's name), for messages. */
	subject: string;
	/**
	 * The kind of subject, when the item works on one: the output field that names it in a failed item (the same
	 * name as in a success), and what orders items — those on the same subject run one after another, in input
	 * order, across the executions of this process too. Absent for plans over a whole list.
	 */
	subjectField?: SubjectField;
	/** The subject's ID: known up front (a tenant ID), or from the first step (`resolved`: a domain, a name). */
	subjectId?: string;
	/** Usually `{next: firstStep}`; a plan may also settle without any request. */
	start: StepOutcome;
}

/** What operations may know about the environment while planning, without doing I/O. */
export interface PlanEnvironment {
	/** The full URL a call would be sent to (shown by dry runs). */
	urlOf(call: GraphCall): string;
	/** Names the Graph write budget the calls draw on (Graph root, tenant and app): what per-app limits count. */
	writeBudget: string;
}

/** Graph's OData annotations (@odata.context, …) are noise in n8n items. */
export function withoutODataAnnotations(value: unknown): IDataObject {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
	return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('@odata.'))) as IDataObject;
}
