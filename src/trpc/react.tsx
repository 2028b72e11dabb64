"use client";
/** The browser's tRPC client and React Query provider. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "../server/routers/_app.ts";

export const trpc = createTRPCReact<AppRouter>();

export type ApiError = TRPCClientError<AppRouter>;

export function TRPCProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 10_000,
            refetchOnWindowFocus: false,
            // Do not retry what will fail again (bad input, forbidden, not found).
            retry: (count, err) => count < 2 && !(err instanceof TRPCClientError && (err.data?.httpStatus ?? 500) < 500),
          },
        },
      }),
  );
  const [client] = useState(() =>
    trpc.createClient({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })] }),
  );
  return (
    <trpc.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}
