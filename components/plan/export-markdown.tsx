'use client';

import { useState } from 'react';

/** Download the plan as a .md file, or copy it; the Markdown is also shown for a quick look. */
export function ExportMarkdown({ markdown, filename }: { markdown: string; filename: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  function download() {
    const url = URL.createObjectURL(new Blob([markdown], { type: 'text/markdown;charset=utf-8' }));
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
      await navigator.clipboard.writeText(markdown);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" onClick={download} className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800">
          Export Markdown
        </button>
        <button type="button" onClick={copy} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50">
          Copy Markdown
        </button>
        <span role="status" className="text-sm text-slate-600">
          {copied === 'copied' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copy failed: select the text below instead.' : ''}
        </span>
      </div>
      <details>
        <summary className="cursor-pointer text-sm text-slate-700">Show Markdown</summary>
        <textarea
          readOnly
          aria-label="Plan as Markdown"
          value={markdown}
          rows={16}
          className="mt-2 w-full rounded border border-slate-300 bg-slate-50 p-2 font-mono text-xs"
        />
      </details>
    </div>
  );
}
