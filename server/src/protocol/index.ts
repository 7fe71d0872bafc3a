/** Names both sides of the connection agree on. The client imports this module for types and constants only. */

export const languageId = 'dockerfile';
export const serverName = 'Dockerfile Stages';
export const configurationSection = 'dockerfileStages';
