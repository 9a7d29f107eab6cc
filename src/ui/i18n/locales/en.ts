// English, the reference catalog: every key exists here first, and its text defines the key's `{placeholders}`.
// Keys are grouped by the component that shows them; add a new component's strings as a new group.
import type { Message } from "../message.ts";
import enAnswers from "./en-answers.ts";

const en = {
  // App shell (app.tsx)
  "app.brand": "edgechat",
  "app.skipToComposer": "Skip to the message box",
  "app.showConversations": "Show conversations",
  "app.closeConversations": "Close conversations",
  "app.documentTitle": "{title} · edgechat",
  "theme.label": "Theme",
  "theme.system": "System",
  "theme.light": "Light",
  "theme.dark": "Dark",
  "language.label": "Language",
  "language.browser": "Browser default",
  "time.justNow": "just now",

  // Sidebar (sidebar.tsx)
  "sidebar.newChat": "New chat",
  "sidebar.search": "Search conversations",
  "sidebar.searchPlaceholder": "Search",
  "sidebar.conversations": "Conversations",
  "sidebar.noMatches": "No matches.",
  "sidebar.loading": "Loading…",
  "sidebar.rename": "Rename conversation",
  "sidebar.delete": "Delete conversation",
  "sidebar.titleField": "Conversation title",
  "sidebar.updated": "Updated {when}",
  "sidebar.deleteTitle": "Delete this conversation?",
  "sidebar.deleteConfirm": "Delete",
  "sidebar.deleteBody": "“{title}” and its share links will be deleted. This cannot be undone.",

  // Confirmation dialog (confirm-dialog.tsx)
  "dialog.cancel": "Cancel",

  // My data (my-data-menu.tsx)
  "myData.menu": "My data",
  "myData.export": "Export my data",
  "myData.delete": "Delete my data",
  "myData.deleteFailed": "Could not delete your data. Please try again.",
  "myData.confirmTitle": "Delete all your data?",
  "myData.confirmLabel": "Delete everything",
  "myData.confirmBody":
    "Every conversation, share link and answer in progress is deleted for good. Usage counts are kept for billing without anything that identifies you.",

  // Conversation (conversation-view.tsx, new-chat.tsx)
  "chat.newChat": "New chat",
  "chat.loading": "Loading…",
  "chat.notFoundTitle": "Conversation not found",
  "chat.notFoundBody": "It may have been deleted, or it belongs to another browser.",
  "chat.startNew": "Start a new chat",
  "chat.messages": "Messages",
  "chat.loadFailed": "This conversation could not be loaded. Reload to try again.",
  "chat.edit": "Edit",
  "chat.copyAnswer": "Copy answer",
  "chat.regenerate": "Regenerate",
  "welcome.title": "How can I help you today?",
  "welcome.models": "{models}, free.",
  "welcome.deepThink": "Turn on DeepThink to watch the model reason before it answers.",
  "welcome.noModels": "Free and open models, answered at the edge.",

  // Per-message actions (message-actions.tsx)
  "actions.versions": "Versions",
  "actions.previousVersion": "Previous version",
  "actions.nextVersion": "Next version",
  "actions.versionCount": "{index}/{total}",
  "actions.copied": "Copied",
  "actions.copyFailed": "Copy failed",
  "actions.editMessage": "Edit message",
  "actions.cancel": "Cancel",
  "actions.saveAndSend": "Save and send",

  // Composer and model picker (composer.tsx, model-picker.tsx)
  "composer.message": "Message",
  "composer.placeholder": "Message edgechat",
  "composer.tooLong": "Message too long: {size} KB of at most {limit} KB. Shorten it or split it into parts.",
  "composer.send": "Send",
  "composer.stop": "Stop",
  "model.label": "Model",
  "model.deepThink": "DeepThink",
  "model.deepThinkHint": "Let {model} reason step by step before it answers",
  "model.theModel": "the model",

  // Notices (notices.tsx)
  "notice.genericError": "Something went wrong. Please try again.",
  "notice.slowDown": "Slow down a little.",
  "notice.rateLimited": {
    one: "You have reached the message limit. You can send again in {count} second.",
    other: "You have reached the message limit. You can send again in {count} seconds.",
  },
  "notice.unavailableTitle": "The model is unavailable right now.",
  "notice.unavailableBody": "Every provider is busy or down; please try again in a moment.",
  "notice.tooLongTitle": "Message too long.",
  "notice.offlineTitle": "You are offline.",
  "notice.offlineBody": "Your message was not sent; it is still in the box.",
  "notice.dismiss": "Dismiss",
  "connection.reconnecting": "Reconnecting…",

  // Export and share (conversation-menu.tsx)
  "share.export": "Export",
  "share.share": "Share",
  "share.markdown": "Markdown (.md)",
  "share.json": "JSON (.json)",
  "share.explain": "Anyone with a link sees a read-only copy of this conversation as it is now.",
  "share.create": "Create share link",
  "share.loadFailed": "Could not load the share links.",
  "share.createFailed": "Could not create a share link.",
  "share.revokeFailed": "Could not revoke the link.",
  "share.copyLink": "Copy link",
  "share.revoke": "Revoke",
  "share.created": "Created {when}",

  // Human check (human-check.tsx)
  "humanCheck.label": "Human check",
  "humanCheck.failedTitle": "We could not confirm you are human.",
  "humanCheck.failedBody": "Complete the check below, then send your message again.",
  "humanCheck.intro": "Before your first message, please confirm you are human.",
  "humanCheck.unavailable":
    "The human check could not load. Check your connection or content blocker, then reload the page.",

  // Shared page (shared-page.tsx)
  "shared.documentTitle": "{title} · shared on edgechat",
  "shared.missing": "This share link does not exist or was revoked.",
  "shared.loadFailed": "This page could not be loaded.",
  "shared.startOwn": "Start your own chat",
  "shared.sharedOn": "A read-only copy shared on {date}.",
  "shared.loading": "Loading…",

  // Messages and code blocks (shared with the widget, whose bundle carries only these): en-answers.ts
  ...enAnswers,

  // Settings (settings-button.tsx, settings-dialog.tsx) and the note a chat shows (instructions-note.tsx)
  "settings.open": "Settings",
  "settings.openFailed": "Settings could not be loaded. Check your connection.",
  "settings.title": "Settings",
  "settings.instructions": "Custom instructions",
  "settings.instructionsHint": "What should the model know about you, and how should it answer? Applies to new chats.",
  "settings.instructionsPlaceholder": "I teach chemistry in secondary school. Keep answers short and use metric units.",
  "settings.counter": "{bytes} / {limit} bytes",
  "settings.tooLong": "{bytes} / {limit} bytes: too long, shorten it to save",
  "settings.readFailed": "Your settings could not be loaded. Check your connection and try again.",
  "settings.saveFailed": "Saving failed. Please try again.",
  "settings.saved": "Saved. New chats will use these instructions.",
  "settings.close": "Close",
  "settings.save": "Save",
  "settings.saving": "Saving…",
  "instructions.title": "Custom instructions",
  "instructions.note": "This chat started with these instructions. Changes apply to new chats.",
  "instructions.edit": "Edit in Settings",

  // Attached files (attach-button.tsx, attach-files.ts, attachment-chips.tsx)
  "files.attach": "Attach file",
  "files.attachHint": "Attach text or code files (up to {max}, 512 KB each)",
  "files.tooMany": "At most {max} files per message: {name} was not attached.",
  "files.tooLarge": "{name} is {size}; files can be at most 512 KB.",
  "files.notText": "{name} is not a text file. Attach text or code files.",
  "files.list": "Attached files",
  "files.remove": "Remove {name}",
  "files.loading": "Loading…",
  "files.loadFailed": "The file could not be loaded.",
  "files.bytes": "{size} B",
  "files.kilobytes": "{size} KB",
  "files.megabytes": "{size} MB",
  "files.attachHintImages": "Attach text or code files, or images (up to {max}; 512 KB per text file, 5 MB per image)",
  "files.noImages":
    "{name} is an image; this model cannot read images. Attach text or code files, or choose a model that reads images.",
  "files.imageTooLarge": "{name} is {size}; images can be at most 5 MB.",
  "files.modelNoImages": "The chosen model cannot read images: remove them or choose a model that reads images.",

  // Offline (offline.tsx)
  "offline.banner": "You are offline. edgechat reconnects by itself when the network is back.",
  // Accounts with passkeys (account-entry.tsx, account/*)
  "account.signIn": "Sign in",
  "account.create": "Create account",
  "account.menu": "Account",
  "account.signInTitle": "Sign in with a passkey",
  "account.signInBody":
    "Use the passkey you made for edgechat: your fingerprint, face or screen lock confirms it's you. Conversations in this browser move into your account.",
  "account.signInContinue": "Continue with passkey",
  "account.createTitle": "Create an account",
  "account.createBody":
    "No password: your device makes a passkey, unlocked with your fingerprint, face or screen lock. Your history then follows you to every device you sign in on, and the conversations in this browser move into the account.",
  "account.nameLabel": "Name (shown in your passkey manager)",
  "account.createContinue": "Create passkey",
  "account.working": "Waiting for your passkey…",
  "account.cancelled": "The passkey prompt was closed. Try again when you are ready.",
  "account.unsupported": "This browser cannot use passkeys.",
  "account.failed": "That did not work: {reason}",
  "account.close": "Close",
  "account.title": "Your account",
  "account.signedInAs": "Signed in as {name}",
  "account.id": "Account id (for support): {id}",
  "account.passkeys": "Passkeys",
  "account.passkeyCreated": "Added {date}",
  "account.passkeyUsed": "last used {when}",
  "account.passkeySynced": "synced",
  "account.removePasskey": "Remove passkey {name}",
  "account.remove": "Remove",
  "account.addPasskey": "Add a passkey",
  "account.signOut": "Sign out",
  "account.delete": "Delete account",
  "account.lastPasskeyTitle": "Remove your only passkey?",
  "account.lastPasskeyBody":
    "Without a passkey you cannot sign in to this account again once you sign out. Add another passkey first if you want to keep it.",
  "account.lastPasskeyConfirm": "Remove it",
  "account.deleteTitle": "Delete your account?",
  "account.deleteBody":
    "Your account, its passkeys and every conversation and share link in it are deleted for good, on every device. Usage counts are kept for billing without anything that identifies you.",
  "account.deleteConfirm": "Delete account",
} as const satisfies Record<string, Message>;

export default en;
