// 简体中文 (Simplified Chinese). Loaded as its own chunk only when this language is active.
import type { Catalog } from "../catalog.ts";

const zhCN: Catalog = {
  // App shell
  "app.brand": "edgechat",
  "app.skipToComposer": "跳到输入框",
  "app.showConversations": "显示对话列表",
  "app.closeConversations": "关闭对话列表",
  "app.documentTitle": "{title} · edgechat",
  "theme.label": "主题",
  "theme.system": "跟随系统",
  "theme.light": "浅色",
  "theme.dark": "深色",
  "language.label": "语言",
  "language.browser": "跟随浏览器",
  "time.justNow": "刚刚",

  // Sidebar
  "sidebar.newChat": "新对话",
  "sidebar.search": "搜索对话",
  "sidebar.searchPlaceholder": "搜索",
  "sidebar.conversations": "对话",
  "sidebar.noMatches": "没有找到匹配的对话。",
  "sidebar.loading": "加载中…",
  "sidebar.rename": "重命名对话",
  "sidebar.delete": "删除对话",
  "sidebar.titleField": "对话标题",
  "sidebar.updated": "{when}更新",
  "sidebar.deleteTitle": "删除这个对话？",
  "sidebar.deleteConfirm": "删除",
  "sidebar.deleteBody": "“{title}”及其分享链接将被删除，且无法恢复。",

  // Confirmation dialog
  "dialog.cancel": "取消",

  // My data
  "myData.menu": "我的数据",
  "myData.export": "导出我的数据",
  "myData.delete": "删除我的数据",
  "myData.deleteFailed": "无法删除你的数据，请重试。",
  "myData.confirmTitle": "删除你的全部数据？",
  "myData.confirmLabel": "全部删除",
  "myData.confirmBody":
    "所有对话、分享链接和正在生成的回答都将被永久删除。用量统计会为计费保留，但不含任何能识别你身份的信息。",

  // Conversation
  "chat.newChat": "新对话",
  "chat.loading": "加载中…",
  "chat.notFoundTitle": "找不到这个对话",
  "chat.notFoundBody": "它可能已被删除，或属于另一个浏览器。",
  "chat.startNew": "开始新对话",
  "chat.messages": "消息",
  "chat.loadFailed": "无法加载这个对话，请刷新页面重试。",
  "chat.edit": "编辑",
  "chat.copyAnswer": "复制回答",
  "chat.regenerate": "重新生成",
  "welcome.title": "今天有什么可以帮你？",
  "welcome.models": "{models}，免费使用。",
  "welcome.deepThink": "开启“深度思考”，可以看到模型在回答前的推理过程。",
  "welcome.noModels": "免费开放的模型，在边缘节点为你作答。",

  // Per-message actions
  "actions.versions": "版本",
  "actions.previousVersion": "上一个版本",
  "actions.nextVersion": "下一个版本",
  "actions.versionCount": "{index}/{total}",
  "actions.copied": "已复制",
  "actions.copyFailed": "复制失败",
  "actions.editMessage": "编辑消息",
  "actions.cancel": "取消",
  "actions.saveAndSend": "保存并发送",

  // Composer and model picker
  "composer.message": "消息",
  "composer.placeholder": "给 edgechat 发送消息",
  "composer.tooLong": "消息太长：{size} KB，上限为 {limit} KB。请缩短内容或分成几条发送。",
  "composer.send": "发送",
  "composer.stop": "停止",
  "model.label": "模型",
  "model.deepThink": "深度思考",
  "model.deepThinkHint": "让{model}先逐步推理，再给出回答",
  "model.theModel": "模型",

  // Notices
  "notice.genericError": "出了点问题，请重试。",
  "notice.slowDown": "请稍等片刻。",
  "notice.rateLimited": { other: "你已达到消息上限，{count} 秒后可以再次发送。" },
  "notice.unavailableTitle": "模型暂时不可用。",
  "notice.unavailableBody": "所有服务商都繁忙或暂时无法访问，请稍后重试。",
  "notice.tooLongTitle": "消息太长。",
  "notice.offlineTitle": "你已离线。",
  "notice.offlineBody": "消息未发送，内容仍保留在输入框中。",
  "notice.dismiss": "关闭",
  "connection.reconnecting": "正在重新连接…",
  "connection.offline": "已离线，正在等待网络恢复…",

  // Export and share
  "share.export": "导出",
  "share.share": "分享",
  "share.markdown": "Markdown (.md)",
  "share.json": "JSON (.json)",
  "share.explain": "任何拿到链接的人都能看到这个对话当前内容的只读副本。",
  "share.create": "创建分享链接",
  "share.loadFailed": "无法加载分享链接。",
  "share.createFailed": "无法创建分享链接。",
  "share.revokeFailed": "无法撤销这个链接。",
  "share.copyLink": "复制链接",
  "share.revoke": "撤销",
  "share.created": "{when}创建",

  // Human check
  "humanCheck.label": "人机验证",
  "humanCheck.failedTitle": "未能确认你是真人。",
  "humanCheck.failedBody": "请完成下方的验证，然后重新发送消息。",
  "humanCheck.intro": "发送第一条消息前，请先完成人机验证。",
  "humanCheck.unavailable": "人机验证无法加载。请检查网络连接或内容拦截插件，然后刷新页面。",

  // Shared page
  "shared.documentTitle": "{title} · 分享自 edgechat",
  "shared.missing": "这个分享链接不存在或已被撤销。",
  "shared.loadFailed": "无法加载此页面。",
  "shared.startOwn": "开始你自己的对话",
  "shared.sharedOn": "分享于 {date} 的只读副本。",
  "shared.loading": "加载中…",

  // Messages
  "message.thinking": "思考中…",
  "message.thoughtMoment": "已思考片刻",
  "message.thoughtFor": { other: "已深度思考（用时 {count} 秒）" },
  "message.substitute": "由 {substitute} 回答：{requested} 暂时不可用。",
  "message.chosenModel": "你选择的模型",
  "message.servedBy": "由 {provider} · {model} 提供",
  "message.simulated": "模拟模型",
  "message.answer": "回答",
  "message.yours": "你的消息",
  "message.waiting": "等待回答",
  "message.stopped": "已停止。",
  "message.unavailable": "模型暂时不可用，请稍后重试。",
  "message.failed": "回答失败。",
  "code.copy": "复制",
  "code.copyLabel": "复制 {language} 代码",
  "code.copied": "已复制",
  "code.copyFailed": "复制失败",
};

export default zhCN;
