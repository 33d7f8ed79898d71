// Entry point of embed mode (embed.html): mounts only the embed — diagram, topology strip and
// step controls — so an iframe loads neither the editor (monaco) nor mermaid. Options come from
// the query string (options.ts), the run from the `#/share/…` fragment.

import { mount } from 'svelte';
import EmbedApp from './EmbedApp.svelte';
import { readEmbedOptions } from './options';
import '../ui/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('Brokerlab embed: #app element missing from embed.html');

const options = readEmbedOptions(location.search);
if (options.theme !== 'auto') document.documentElement.dataset.theme = options.theme;

export default mount(EmbedApp, { target, props: { options } });
