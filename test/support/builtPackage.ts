import { createRequire } from 'node:module';
import path from 'node:path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

import { InProcessN8n } from '../harness/runWorkflow';
import { NODE_TYPE } from '../harness/nodeWorkflow';

const dist = path.resolve(__dirname, '..', '..', 'dist');
const loadCommonJs = createRequire(__filename);

function loadBuilt<T>(file: string, className: string): T {
	// The built package, as n8n loads it: CommonJS files from dist/ (run `npm run build` first).
	const exported = loadCommonJs(path.join(dist, file)) as Record<string, new () => T>;
	return new exported[className]();
}

/** An in-process n8n with the built node and credential from dist/. */
export function inProcessN8nWithBuiltPackage(): InProcessN8n {
	return new InProcessN8n(
		{ [NODE_TYPE]: loadBuilt<INodeType>('nodes/CrossTenantSyncPolicy/CrossTenantSyncPolicy.node.js', 'CrossTenantSyncPolicy') },
		[loadBuilt<ICredentialType>('credentials/MicrosoftEntraAppOnlyApi.credentials.js', 'MicrosoftEntraAppOnlyApi')],
	);
}

export const builtFile = (file: string) => path.join(dist, file);
