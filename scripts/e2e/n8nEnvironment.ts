import { PINNED_N8N_VERSION } from './n8nVersion';

/**
 * Modules that reach the internet or are not needed. n8n refuses to start when one named here is unknown to it,
 * and 1.x knows only a few (`mcp-registry`, which calls api.n8n.io, came with 2.x).
 */
function disabledModules(n8nVersion: string): string {
	return n8nVersion.startsWith('1.') ? 'insights,chat-hub' : 'mcp-registry,instance-ai,agents,chat-hub,workflow-builder,promotions,insights';
}

/** Environment for a headless n8n that stays offline and quiet (see shared notes on running n8n here). */
export function n8nEnvironment(userFolder: string, caPath: string, n8nVersion = PINNED_N8N_VERSION): NodeJS.ProcessEnv {
	return {
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'xts-e2e-encryption-key-not-a-secret',
		DB_TYPE: 'sqlite',
		NODE_EXTRA_CA_CERTS: caPath,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_DISABLED_MODULES: disabledModules(n8nVersion),
		// n8n 1.x opens SQLite in rollback-journal mode unless given a pool (then WAL, with the pooled driver 2.x always
		// uses, pool 3 by default): in journal mode the E2E's reads of executions met "database is locked".
		...(n8nVersion.startsWith('1.') ? { DB_SQLITE_POOL_SIZE: '3' } : {}),
		N8N_RUNNERS_ENABLED: 'true',
		// Otherwise the editor asks api.n8n.io for its list of verified community nodes.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	};
}
