import { A } from "@solidjs/router";
import { Page } from "../components/Page";

export function NotFound() {
  return (
    <Page title="صفحه پیدا نشد">
      <p>نشانی‌ای که باز کردید در همدل وجود ندارد.</p>
      <p>
        <A href="/">بازگشت به صفحهٔ اصلی</A>
      </p>
    </Page>
  );
}
