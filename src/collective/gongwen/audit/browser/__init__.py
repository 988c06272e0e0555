"""The 安全审计员's screens (R-U1): 审计日志 with its exports, 审计日志校验, a document's 审计记录,
and the 安全保密管理员's 审计日志保存期限."""
