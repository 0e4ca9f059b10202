import nodemailer from 'nodemailer';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signPayload } from './sign';
import { emailContent, slackBody, webhookBody } from './message';
import type { AlertMessage, ChannelConfig } from './types';

/** Sends one message on one channel; throws with a reason on failure (the caller redacts and retries). */
export async function sendOnChannel(channel: ChannelConfig, message: AlertMessage, deliveryId: number): Promise<void> {
  switch (channel.type) {
    case 'webhook': {
      const body = webhookBody(message, deliveryId);
      const timestamp = String(Math.floor(Date.now() / 1000));
      await post(channel.url, body, channel.timeoutMs, {
        [SIGNATURE_HEADER]: signPayload(channel.secret, timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
        [DELIVERY_HEADER]: String(deliveryId),
      });
      return;
    }
    case 'slack':
      await post(channel.url, slackBody(message), channel.timeoutMs, {});
      return;
    case 'email': {
      const { subject, text } = emailContent(message);
      const transport = nodemailer.createTransport({
        host: channel.smtp.host,
        port: channel.smtp.port,
        secure: channel.smtp.secure,
        ignoreTLS: channel.smtp.ignoreTLS,
        auth: channel.smtp.user ? { user: channel.smtp.user, pass: channel.smtp.password ?? '' } : undefined,
        connectionTimeout: channel.timeoutMs,
        greetingTimeout: channel.timeoutMs,
        socketTimeout: channel.timeoutMs,
      });
      try {
        await transport.sendMail({ from: channel.from, to: channel.to, subject, text, headers: { 'X-Driftboard-Alert': message.key } });
      } finally {
        transport.close();
      }
      return;
    }
  }
}

async function post(url: string, body: string, timeoutMs: number, headers: Record<string, string>): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'driftboard-alerts', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    // fetch hides the cause ("fetch failed"): name it (ECONNREFUSED, a timeout) without the URL.
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const name = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (err as Error).message);
    throw new Error(`the receiver could not be reached: ${name}`);
  }
  // Drain the body so the connection is released.
  const text = await response.text().catch(() => '');
  if (!response.ok) throw new Error(`the receiver answered HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
}
