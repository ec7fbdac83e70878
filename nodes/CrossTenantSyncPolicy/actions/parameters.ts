import type { INode, INodeParameters, NodeParameterValueType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Longest display name the node sends, in characters (code points). Graph documents no limit; ours keeps an expression
 * gone wrong (a whole document pasted in) out of tenant policy, and is far above any organization's name.
 */
export const MAX_DISPLAY_NAME_LENGTH = 256;

// C0 and C1 control characters (NUL, ESC, DEL, line breaks…) and the Unicode line and paragraph separators
// (U+2028, U+2029), which also break a line. Built from code points because a literal control character in a
// regex trips ESLint's no-control-regex.
const CONTROL_CHARACTER = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}-${String.fromCharCode(0x9f)}\u2028\u2029]`);

// Invisible characters that make a name display other than it is: bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069) reorder text, U+200B and U+FEFF hide in it. The joiners U+200C and U+200D stay
// allowed: scripts such as Persian and emoji sequences need them.
const INVISIBLE_FORMAT_CHARACTER = /[\u200B\u202A-\u202E\u2066-\u2069\uFEFF]/;
const INVISIBLE_KIND: Record<string, string> = { '\u200B': 'a zero-width space', '\uFEFF': 'a zero-width no-break space' };

/**
 * The one reader of node parameters. Every value may come from an expression (text, empty, hostile), so each
 * is checked strictly; a bad value fails only its item, names the field, and nothing is sent for that item.
 * A parameter that is absent (an option the user did not add) takes its default; one that is present but
 * resolves to nothing is an error, never silently the default.
 */
/** What the reader needs of n8n's context; an execution's context fits as is, a poll's through pollParameters(). */
export interface ParameterSource {
	getNode(): INode;
	getNodeParameter(path: string, itemIndex: number): unknown;
}

export class ParameterReader {
	constructor(
		private readonly ctx: ParameterSource,
		readonly itemIndex: number,
	) {}

	/** `true`/`false`, or the texts "true"/"false" (any case, trimmed); anything else fails the item. */
	boolean(path: string, label: string, fallback: boolean): boolean {
		return this.optionalBoolean(path, label) ?? fallback;
	}

	/** A switch the user may leave out (undefined then); when present, read as strictly as boolean(). */
	optionalBoolean(path: string, label: string): boolean | undefined {
		if (!this.isSet(path)) return undefined;
		const value = this.resolve(path);
		if (typeof value === 'boolean') return value;
		if (typeof value === 'string') {
			const text = value.trim().toLowerCase();
			if (text === 'true') return true;
			if (text === 'false') return false;
		}
		throw this.invalid(path, `${label} must be true or false, not ${describe(value)}`);
	}

	/** Like boolean, but the parameter must be there. */
	requiredBoolean(path: string, label: string): boolean {
		if (!this.isSet(path)) throw this.invalid(path, `${label} is required`);
		return this.boolean(path, label, false);
	}

	/** One of a fixed list of values. */
	choice<T extends string>(path: string, label: string, allowed: readonly T[], fallback: T): T {
		if (!this.isSet(path)) return fallback;
		const value = this.resolve(path);
		const text = typeof value === 'string' ? value.trim() : value;
		if (typeof text === 'string' && (allowed as readonly string[]).includes(text)) return text as T;
		throw this.invalid(path, `${label} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, not ${describe(value)}`);
	}

	/** A whole number within bounds (numbers, or text holding one). */
	integer(path: string, label: string, bounds: { min: number; max: number }, fallback: number): number {
		if (!this.isSet(path)) return fallback;
		const value = this.resolve(path);
		const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
		if (typeof number === 'number' && Number.isInteger(number) && number >= bounds.min && number <= bounds.max) return number;
		throw this.invalid(path, `${label} must be a whole number from ${bounds.min} to ${bounds.max}, not ${describe(value)}`);
	}

	/**
	 * Text without control characters, line breaks or invisible formatting characters, kept as given (names keep
	 * their spaces). `maxLength` counts characters as Unicode code points, so an emoji is one. Absent → undefined.
	 */
	text(path: string, label: string, options: { maxLength: number; allowEmpty?: boolean }): string | undefined {
		if (!this.isSet(path)) return undefined;
		const value = this.resolve(path);
		if (typeof value !== 'string') throw this.invalid(path, `${label} must be text, not ${describe(value)}`);
		if (value === '' && !options.allowEmpty) throw this.invalid(path, `${label} is empty`);
		if (CONTROL_CHARACTER.test(value)) throw this.invalid(path, `${label} must not contain control characters (such as NUL, ESC or line breaks)`);
		const invisible = INVISIBLE_FORMAT_CHARACTER.exec(value)?.[0];
		if (invisible) {
			const found = `U+${invisible.charCodeAt(0).toString(16).toUpperCase()}, ${INVISIBLE_KIND[invisible] ?? 'a bidirectional control'}`;
			throw this.invalid(path, `${label} must not contain invisible formatting characters (found ${found})`);
		}
		const length = [...value].length;
		if (length > options.maxLength) throw this.invalid(path, `${label} is ${length} characters long; at most ${options.maxLength} are allowed`);
		return value;
	}

	/** The resolved value as n8n hands it over, for parameters with a shape of their own (resource locators). */
	raw(path: string): unknown {
		return this.isSet(path) ? this.resolve(path) : undefined;
	}

	invalid(path: string, message: string): NodeOperationError {
		const field = path.split('.').pop() ?? path;
		return new NodeOperationError(this.ctx.getNode(), `${message} (item ${this.itemIndex}, field "${field}")`, {
			itemIndex: this.itemIndex,
			description: 'Nothing was sent to Graph for this item.',
		});
	}

	private isSet(path: string): boolean {
		let node: NodeParameterValueType | INodeParameters | undefined = this.ctx.getNode().parameters;
		for (const key of path.split('.')) {
			if (node === null || typeof node !== 'object' || Array.isArray(node) || !(key in node)) return false;
			node = (node as INodeParameters)[key];
		}
		return node !== undefined;
	}

	private resolve(path: string): unknown {
		try {
			return this.ctx.getNodeParameter(path, this.itemIndex);
		} catch (error) {
			throw this.invalid(path, `The expression could not be resolved: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
}

/** A value as a message shows it: text quoted, anything else by its type ("a list", "the number 42"). */
export function describe(value: unknown): string {
	if (value === undefined || value === null) return 'nothing';
	if (typeof value === 'string') return value.trim() === '' ? 'empty text' : `"${value.slice(0, 40)}"`;
	if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
	if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
	return String(value);
}
