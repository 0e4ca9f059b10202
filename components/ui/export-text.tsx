'use client';

import { useState } from 'react';

/** Download a generated text (Markdown plan, SQL script) as a file, or copy it; the text is shown for a look. */
export function ExportText({
  text,
  filename,
  mime,
  what,
  verb = 'Download',
  open = false,
}: {
  text: string;
  filename: string;
  mime: string;
  what: string;
  /** The download button's verb: `Download repair SQL`, `Export Markdown`. */
  verb?: string;
  open?: boolean;
}) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" onClick={download} className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800">
          {verb} {what}
        </button>
        <button type="button" onClick={copy} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
          Copy {what}
        </button>
        <span role="status" className="text-sm text-slate-600">
          {copied === 'copied' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copy failed: select the text below instead.' : ''}
        </span>
      </div>
      <details open={open}>
        <summary className="cursor-pointer text-sm text-slate-700">Show {what}</summary>
        <textarea readOnly aria-label={what} value={text} rows={Math.min(30, text.split('\n').length + 1)} className="mt-2 w-full rounded border border-slate-300 bg-slate-50 p-2 font-mono text-xs" />
      </details>
    </div>
  );
}
