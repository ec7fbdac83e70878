import type { INodeProperties } from 'n8n-workflow';

import * as assign from './assign.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as pause from './pause.operation';
import * as provisionOnDemand from './provisionOnDemand.operation';
import * as restart from './restart.operation';
import * as start from './start.operation';
import * as unassign from './unassign.operation';

export const operations = { assign, create, delete: del, get, getAll, pause, provisionOnDemand, restart, start, unassign };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['syncConfiguration'] } },
		options: [
			{ name: 'Assign User or Group', value: 'assign', description: "Put a user or group in the configuration's scope", action: 'Assign a user or group' },
			{ name: 'Create', value: 'create', description: 'Create a cross-tenant sync configuration with its job, tested against the target tenant', action: 'Create a sync configuration' },
			{ name: 'Delete', value: 'delete', description: "Delete a configuration's application, job included", action: 'Delete a sync configuration' },
			{ name: 'Get', value: 'get', description: 'Get a configuration with the status of its job', action: 'Get a sync configuration' },
			{ name: 'Get Many', value: 'getAll', description: "List this tenant's cross-tenant sync configurations", action: 'Get many sync configurations' },
			{ name: 'Pause', value: 'pause', description: 'Pause the provisioning job', action: 'Pause a sync job' },
			{ name: 'Provision On Demand', value: 'provisionOnDemand', description: 'Synchronize one user now', action: 'Provision a user on demand' },
			{ name: 'Restart', value: 'restart', description: 'Restart the provisioning job', action: 'Restart a sync job' },
			{ name: 'Start', value: 'start', description: 'Start (or resume) the provisioning job', action: 'Start a sync job' },
			{ name: 'Unassign User or Group', value: 'unassign', description: "Take a user or group out of the configuration's scope", action: 'Unassign a user or group' },
		],
		default: 'get',
	},
	...assign.description,
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...pause.description,
	...provisionOnDemand.description,
	...restart.description,
	...start.description,
	...unassign.description,
];
