// A local SMTP server that accepts every message and keeps it: the approver's mailbox for the approval-flow example
// (E2E and `npm run dev`). Plain SMTP on 127.0.0.1, no TLS, no authentication; enough for nodemailer, which n8n uses.
import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:net';

export interface Mail {
	from: string;
	to: string[];
	/** The message as sent: headers and body, quoted-printable as nodemailer wrote it. */
	raw: string;
}

export interface SmtpSink {
	port: number;
	mails: Mail[];
	onMail(listener: (mail: Mail) => void): void;
	close(): Promise<void>;
}

export async function startSmtpSink(port = 0): Promise<SmtpSink> {
	const mails: Mail[] = [];
	const listeners: Array<(mail: Mail) => void> = [];
	const sockets = new Set<Socket>();
	const server = createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		socket.setEncoding('utf8');
		let buffer = '';
		let data: string[] | undefined;
		let envelope: Omit<Mail, 'raw'> = { from: '', to: [] };
		const reply = (line: string) => socket.write(`${line}\r\n`);
		reply('220 xts-smtp-sink ready');
		socket.on('data', (chunk: string) => {
			buffer += chunk;
			let end: number;
			while ((end = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				if (data) {
					if (line !== '.') {
						data.push(line.startsWith('..') ? line.slice(1) : line);
						continue;
					}
					const mail = { ...envelope, raw: data.join('\r\n') };
					mails.push(mail);
					for (const listener of listeners) listener(mail);
					data = undefined;
					envelope = { from: '', to: [] };
					reply('250 queued');
					continue;
				}
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'MAIL') envelope.from = line.slice(10).trim();
				if (verb === 'RCPT') envelope.to.push(line.slice(8).trim());
				if (verb === 'DATA') {
					data = [];
					reply('354 end with <CRLF>.<CRLF>');
				} else if (verb === 'QUIT') {
					reply('221 bye');
					socket.end();
				} else {
					reply(verb === 'EHLO' || verb === 'HELO' ? '250 xts-smtp-sink' : '250 ok');
				}
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		port: (server.address() as AddressInfo).port,
		mails,
		onMail: (listener) => listeners.push(listener),
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** The links of a mail's HTML body (quoted-printable decoded, `&amp;` unescaped). */
export function mailLinks(mail: Mail): string[] {
	const decoded = mail.raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
	return [...decoded.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
}
