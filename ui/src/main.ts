import { mount } from "svelte";
import Root from "./Root.svelte";
import "./app.css";
import { createBackend, createStartup } from "./lib/ipc/backend";

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

export default mount(Root, { target, props: { backend: createBackend(), startup: createStartup() } });
