import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, isExpression, UnexpectedError } from 'n8n-workflow';
import type { Credentials } from 'n8n-core';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * Plays the part of n8n's CredentialsHelper (packages/cli) for in-process runs: a credential store in memory,
 * `preAuthentication` called when the expirable field is empty or a request answered 401 (the result persisted like
 * n8n persists it to its database), and generic `authenticate` resolved through the workflow's expression engine.
 */
export class InProcessCredentialsHelper extends ICredentialsHelper {
	private readonly store = new Map<string, StoredCredential>();

	preAuthenticationCalls = 0;

	constructor(private readonly credentialTypes: ICredentialType[]) {
		super();
	}

	add(credential: StoredCredential): { id: string; name: string } {
		this.store.set(credential.id, structuredClone(credential));
		return { id: credential.id, name: credential.name };
	}

	stored(id: string): StoredCredential | undefined {
		const credential = this.store.get(id);
		return credential && structuredClone(credential);
	}

	private type(name: string): ICredentialType {
		const type = this.credentialTypes.find((t) => t.name === name);
		if (!type) throw new UnexpectedError(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		if (!authenticate || authenticate.type !== 'generic') return requestOptions as IHttpRequestOptions;
		if (!workflow || !node) throw new UnexpectedError('Workflow and node are required for generic authentication');
		const options = requestOptions as IHttpRequestOptions & Record<string, Record<string, string> | undefined>;
		for (const [target, values] of Object.entries(authenticate.properties)) {
			const resolved = (options[target] ??= {});
			for (const [key, value] of Object.entries(values as Record<string, string>)) {
				resolved[key] = isExpression(value)
					? String(
							workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '',
						)
					: value;
			}
		}
		return options;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) {
			return undefined;
		}
		this.preAuthenticationCalls++;
		const output = (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		const stored = details?.id ? this.store.get(details.id) : undefined;
		if (stored) stored.data = { ...stored.data, ...output };
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.type(typeName);
		return typeof preAuthentication === 'function'
			? ((await preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject)
			: undefined;
	}

	async getDecrypted(_additionalData: unknown, nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentialDataDecryptedObject> {
		const stored = nodeCredentials.id ? this.store.get(nodeCredentials.id) : undefined;
		if (!stored || stored.type !== type) {
			throw new UnexpectedError(`No credential "${nodeCredentials.name}" of type ${type} in the in-process store`);
		}
		return structuredClone(stored.data);
	}

	async getCredentials(): Promise<Credentials> {
		throw new UnexpectedError('getCredentials is not used by this package');
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		const stored = nodeCredentials.id ? this.store.get(nodeCredentials.id) : undefined;
		if (stored) stored.data = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}
