import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { create, delete: del, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['syncPolicy'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create the identity synchronization policy of a partner (PUT)',
				action: 'Create a sync policy',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete the identity synchronization policy of a partner',
				action: 'Delete a sync policy',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the identity synchronization policy of a partner',
				action: 'Get a sync policy',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the identity synchronization policies of many partners',
				action: 'Get many sync policies',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a partner's cross-tenant identity synchronization policy",
				action: 'Update a sync policy',
			},
		],
		default: 'update',
	},
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...update.description,
];
