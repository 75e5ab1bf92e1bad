import "vazirmatn/Vazirmatn-Variable-font-face.css";
import "./styles/global.css";
import { render } from "solid-js/web";
import { App } from "./app";

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
render(() => <App />, root);
