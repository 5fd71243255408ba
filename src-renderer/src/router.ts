import { createRouter, createWebHashHistory } from 'vue-router';
import DrawView from './views/DrawView.vue';

// Hash history: the app is served from app://renderer/index.html, where path-based
// routes would ask the protocol handler for files that do not exist.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/draw' },
    { path: '/draw', name: 'draw', component: DrawView },
    { path: '/queue', name: 'queue', component: () => import('./views/QueueView.vue') },
    { path: '/gallery', name: 'gallery', component: () => import('./views/GalleryView.vue') },
    { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue') },
    { path: '/:rest(.*)*', redirect: '/draw' },
  ],
});
