import type { INodeProperties } from 'n8n-workflow';

import * as update from './update.operation';

export const operations = { update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['syncPolicy'] } },
		options: [
			{
				name: 'Update',
				value: 'update',
				description: "Change a partner's cross-tenant identity synchronization policy",
				action: 'Update a sync policy',
			},
		],
		default: 'update',
	},
	...update.description,
];
