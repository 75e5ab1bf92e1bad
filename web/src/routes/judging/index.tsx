/**
 * /staff/judging — the programmes the secretariats judge (central and district secretariats),
 * each leading to its console and, once published, its results.
 */
import { formatJalali } from "@hamdel/core/fa";
import { programmeKindLabelsFa } from "@hamdel/core/festival/model";
import { A, createAsync, Navigate } from "@solidjs/router";
import { For, Match, Show, Switch } from "solid-js";
import { FormAlert } from "../../components/FormAlert";
import { Page } from "../../components/Page";
import { getMe } from "../../lib/identity";
import { getJudgingProgrammes } from "../../lib/judging";
import { isJudgingSecretariat, paths } from "../../lib/nav";
import "./judging.css";

export default function JudgingProgrammes() {
  const me = createAsync(() => getMe());
  return (
    <Switch>
      <Match when={me() === null}>
        <Navigate href={`${paths.staffSignIn}?next=${encodeURIComponent(paths.staffJudgingList)}`} />
      </Match>
      <Match when={me() && !isJudgingSecretariat(me())}>
        <Page title="داوری جشنواره">
          <p role="alert">این بخش برای دبیرخانه‌های مرکزی و مناطق است.</p>
        </Page>
      </Match>
      <Match when={isJudgingSecretariat(me())}>
        <List />
      </Match>
    </Switch>
  );
}

function List() {
  const programmes = createAsync(() => getJudgingProgrammes().catch((error: unknown) => ({ error })));
  const items = () => {
    const p = programmes();
    return p && "items" in p ? p.items : undefined;
  };
  return (
    <Page title="داوری جشنواره" lead="برنامه‌هایی که اثر پذیرفته‌اند؛ برای بررسی و داوری یکی را باز کنید.">
      <Show when={programmes() && "error" in (programmes() as object)}>
        <FormAlert error={(programmes() as { error: unknown }).error} />
      </Show>
      <Show when={items()}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p>هنوز برنامه‌ای برای داوری نیست.</p>}>
            <ul class="judging-programmes" aria-label="برنامه‌های داوری">
              <For each={list()}>
                {(p) => (
                  <li class="card">
                    <h2>
                      <A href={paths.staffJudging(p.id)}>{p.title}</A>
                    </h2>
                    <p class="badge">{programmeKindLabelsFa[p.kind]}</p>
                    <p>
                      پایان ارسال: {formatJalali(p.submissionClosesAt, { style: "long" })}
                      <Show when={p.judgingEndsAt}>
                        {(end) => <> · پایان داوری: {formatJalali(end(), { style: "long" })}</>}
                      </Show>
                    </p>
                    <p>مرحله‌ها: {p.rounds.map((r) => r.titleFa).join(" ← ")}</p>
                    <p>
                      <A href={paths.festivalResults(p.id)}>نتایج (پس از اعلام)</A>
                    </p>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </Page>
  );
}
