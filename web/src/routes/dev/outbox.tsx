import { formatJalali, toPersianDigits } from "@hamdel/core/fa";
import { createAsync, revalidate } from "@solidjs/router";
import { createSignal, For, onCleanup, Show, Suspense } from "solid-js";
import { Page } from "../../components/Page";
import { getOutbox } from "../../lib/dev";

const REFRESH_MS = 3000;

/** The local stack's SMS outbox: what would have been texted, newest first. Local development only. */
export default function DevOutbox() {
  const messages = createAsync(() => getOutbox());
  const [auto, setAuto] = createSignal(true);
  const timer = setInterval(() => auto() && revalidate(getOutbox.key), REFRESH_MS);
  onCleanup(() => clearInterval(timer));

  return (
    <Page
      title="صندوق پیامک آزمایشی"
      lead="پیامک‌هایی که سامانهٔ محلی به‌جای ارسال واقعی نگه داشته است. این صفحه فقط در اجرای محلی کار می‌کند."
      wide
    >
      <div class="check">
        <input
          id="outbox-auto"
          type="checkbox"
          checked={auto()}
          onChange={(e) => setAuto(e.currentTarget.checked)}
        />
        <label for="outbox-auto">به‌روزرسانی خودکار هر ۳ ثانیه</label>
      </div>
      <Suspense fallback={<p role="status">در حال بارگذاری پیامک‌ها…</p>}>
        <Show when={messages()?.length} fallback={<p>هنوز پیامکی فرستاده نشده است.</p>}>
          <ol class="outbox" aria-label="پیامک‌ها">
            <For each={messages()}>
              {(sms) => (
                <li class="sms">
                  <p class="sms__meta">
                    <span>
                      به <bdi dir="ltr">{toPersianDigits(sms.to)}</bdi>
                    </span>
                    <time dateTime={sms.createdAt}>
                      {formatJalali(sms.createdAt, { style: "long", time: true })}
                    </time>
                  </p>
                  <p class="sms__text">{toPersianDigits(sms.text)}</p>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </Suspense>
    </Page>
  );
}
