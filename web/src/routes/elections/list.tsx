import { A, createAsync } from "@solidjs/router";
import { For, Show, Suspense } from "solid-js";
import { Page } from "../../components/Page";
import { getElections } from "../../lib/elections";
import { faNumber, phaseOf, tehranTime } from "./format";
import { electionPaths, PhaseBadge } from "./parts";

/** /elections: every election with where it stands, newest first. */
export default function ElectionList() {
  const elections = createAsync(() => getElections());
  const now = Date.now();
  return (
    <Page title="انتخابات" lead="انتخابات شورایاری محله‌ها: زمان رأی‌گیری، نامزدها، مشارکت و نتایج.">
      <Suspense fallback={<p role="status">در حال بارگذاری انتخابات…</p>}>
        <Show when={elections()?.length} fallback={<p>هنوز انتخاباتی تعریف نشده است.</p>}>
          <ul class="election-list">
            <For each={elections()}>
              {(e) => (
                <li>
                  <h2>
                    <A href={electionPaths.election(e.id)}>{e.title}</A>
                    <PhaseBadge phase={phaseOf(e, now)} />
                  </h2>
                  <p>
                    دورهٔ {faNumber(e.term)} · {faNumber(e.neighbourhoods.length)} محله · رأی‌گیری از{" "}
                    {tehranTime(e.voting.opensAt)} تا {tehranTime(e.voting.effectiveClosesAt)} (به وقت تهران)
                  </p>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Suspense>
    </Page>
  );
}
