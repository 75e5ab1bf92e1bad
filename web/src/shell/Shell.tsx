import { A, createAsync, type RouteSectionProps, useLocation } from "@solidjs/router";
import { createEffect, ErrorBoundary, For, on, Show, Suspense } from "solid-js";
import { getMeOrNull } from "../lib/identity";
import { displayName, isLocalHost, navFor, paths } from "../lib/nav";
import { messageOf } from "../lib/problem";

/** Header with role-aware navigation, the main landmark and the footer; every page renders inside. */
export function Shell(props: RouteSectionProps) {
  // The header never fails the page: if "who am I" cannot be answered it shows the signed-out
  // navigation, and the page itself reports the error.
  const me = createAsync(() => getMeOrNull());
  const location = useLocation();
  const devOutbox = import.meta.env.DEV || isLocalHost(window.location.hostname);
  const nav = () => navFor(me(), { devOutbox });

  // After a client-side navigation, move focus to the new page's heading so keyboard and screen
  // reader users start at the new content (a full page load starts there anyway).
  createEffect(
    on(
      () => location.pathname,
      () => queueMicrotask(() => document.getElementById("page-title")?.focus({ preventScroll: false })),
      { defer: true },
    ),
  );

  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is a link; the router would swallow the fragment, so the click moves focus itself */}
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        پرش به محتوای اصلی
      </a>
      <header class="site-header">
        <div class="site-header__inner">
          <A href={paths.home} class="brand" end>
            <span class="brand__name">همدل</span>
            <span class="brand__tag">مشارکت شهروندی در شهر تهران</span>
          </A>
          <nav class="site-nav" aria-label="ناوبری اصلی">
            <ul>
              <For each={nav()}>
                {(item) => (
                  <li>
                    <A href={item.href} end={item.href === paths.home} activeClass="is-active">
                      {item.label}
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </nav>
          <Show when={me()}>
            {(who) => (
              <p class="account">
                <span class="visually-hidden">واردشده به نام </span>
                <span class="account__name">{displayName(who())}</span>
              </p>
            )}
          </Show>
        </div>
      </header>
      <main id="main" tabindex="-1">
        <ErrorBoundary
          fallback={(error, reset) => (
            <div class="page">
              <h1 id="page-title" tabindex="-1">
                مشکلی پیش آمد
              </h1>
              <p role="alert">{messageOf(error)}</p>
              <button type="button" class="button" onClick={reset}>
                تلاش دوباره
              </button>
            </div>
          )}
        >
          <Suspense fallback={<p role="status">در حال بارگذاری…</p>}>{props.children}</Suspense>
        </ErrorBoundary>
      </main>
      <footer class="site-footer">
        <p>همدل — معاونت امور اجتماعی و فرهنگی شهرداری تهران</p>
        <p>
          <a href="/api/docs">مستندات API</a>
        </p>
      </footer>
    </>
  );
}
