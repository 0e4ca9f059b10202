import { ExportText } from '@/components/ui/export-text';

/** Download the plan as a .md file, or copy it; the Markdown is also shown for a quick look. */
export function ExportMarkdown({ markdown, filename }: { markdown: string; filename: string }) {
  return <ExportText text={markdown} filename={filename} mime="text/markdown" what="Markdown" verb="Export" />;
}
