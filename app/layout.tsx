import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Suspense } from 'react';
import Link from 'next/link';
import { Providers } from '@/components/query/providers';
import { AppGate } from '@/components/app-gate';
import { PageSkeleton } from '@/components/ui/skeletons';
import { SessionControl } from './admin/_components/session-control';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Driftboard', template: '%s · Driftboard' },
  description: 'Are your PostgreSQL environments in sync with your migrations?',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3">
            <Link href="/" className="text-lg font-bold tracking-tight text-slate-900">
              Driftboard
            </Link>
            <Link href="/" className="text-sm text-slate-700 hover:text-slate-950">
              Overview
            </Link>
            <Link href="/diff" className="text-sm text-slate-700 hover:text-slate-950">
              Diff
            </Link>
            <Link href="/plan" className="text-sm text-slate-700 hover:text-slate-950">
              Plan
            </Link>
            <Link href="/migrations" className="text-sm text-slate-700 hover:text-slate-950">
              Migrations
            </Link>
            <SessionControl />
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-6 py-6">
          <Providers>
            <Suspense fallback={<PageSkeleton label="Starting Driftboard" />}>
              <AppGate>{children}</AppGate>
            </Suspense>
          </Providers>
        </main>
      </body>
    </html>
  );
}
