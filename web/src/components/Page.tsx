import { createEffect, type JSX } from "solid-js";

/** A page's one h1 and the document title that matches it (screen readers announce both). */
export function Page(props: { title: string; lead?: JSX.Element; children?: JSX.Element; wide?: boolean }) {
  createEffect(() => {
    document.title = `${props.title} | همدل`;
  });
  return (
    <article class="page" classList={{ "page--wide": props.wide }}>
      <h1 id="page-title" tabindex="-1">
        {props.title}
      </h1>
      {props.lead && <p class="lead">{props.lead}</p>}
      {props.children}
    </article>
  );
}
