<?xml version="1.0" encoding="UTF-8"?>
<!--
  Renders an HL7 CDA R2 document as a self-contained HTML page for people to read: title, patient,
  author and custodian, then every section's narrative (tables, lists, paragraphs) in document order.
  A nonXMLBody is shown as text, or named with its media type when it is an embedded file.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:cda="urn:hl7-org:v3"
                exclude-result-prefixes="cda">
    <xsl:output method="html" encoding="UTF-8" indent="yes"/>

    <xsl:template match="/cda:ClinicalDocument">
        <html lang="zh-CN">
            <head>
                <meta charset="UTF-8"/>
                <title><xsl:value-of select="cda:title"/></title>
                <style>
                    body { font-family: sans-serif; margin: 2em; color: #222; }
                    table { border-collapse: collapse; margin: 0.5em 0; }
                    th, td { border: 1px solid #999; padding: 0.3em 0.6em; text-align: left; }
                    th { background: #eee; }
                    .header td { border: none; padding: 0.1em 1em 0.1em 0; }
                    .body-file { color: #666; font-style: italic; }
                </style>
            </head>
            <body>
                <h1><xsl:value-of select="cda:title"/></h1>
                <table class="header">
                    <tr><td>患者</td><td><xsl:value-of select="cda:recordTarget/cda:patientRole/cda:patient/cda:name"/></td></tr>
                    <tr><td>性别</td><td><xsl:value-of select="cda:recordTarget/cda:patientRole/cda:patient/cda:administrativeGenderCode/@code"/></td></tr>
                    <tr><td>出生日期</td><td><xsl:value-of select="cda:recordTarget/cda:patientRole/cda:patient/cda:birthTime/@value"/></td></tr>
                    <xsl:for-each select="cda:recordTarget/cda:patientRole/cda:id">
                        <tr><td>标识</td><td><xsl:value-of select="@extension"/> (<xsl:value-of select="@root"/>)</td></tr>
                    </xsl:for-each>
                    <tr><td>机构</td><td><xsl:value-of select="cda:custodian/cda:assignedCustodian/cda:representedCustodianOrganization/cda:name"/></td></tr>
                    <tr><td>时间</td><td><xsl:value-of select="cda:effectiveTime/@value"/></td></tr>
                    <tr><td>文档编号</td><td><xsl:value-of select="cda:id/@root"/></td></tr>
                </table>
                <xsl:apply-templates select="cda:component/cda:structuredBody/cda:component/cda:section"/>
                <xsl:apply-templates select="cda:component/cda:nonXMLBody"/>
            </body>
        </html>
    </xsl:template>

    <xsl:template match="cda:section">
        <h2><xsl:value-of select="cda:title"/></h2>
        <xsl:apply-templates select="cda:text"/>
        <xsl:apply-templates select="cda:component/cda:section"/>
    </xsl:template>

    <xsl:template match="cda:nonXMLBody">
        <xsl:choose>
            <xsl:when test="cda:text/@representation = 'B64'">
                <p class="body-file">附件：<xsl:value-of select="cda:text/@mediaType"/></p>
            </xsl:when>
            <xsl:otherwise>
                <pre><xsl:value-of select="cda:text"/></pre>
            </xsl:otherwise>
        </xsl:choose>
    </xsl:template>

    <!-- the CDA narrative block maps onto HTML almost one to one -->
    <xsl:template match="cda:text"><div><xsl:apply-templates/></div></xsl:template>
    <xsl:template match="cda:table"><table><xsl:apply-templates/></table></xsl:template>
    <xsl:template match="cda:thead"><thead><xsl:apply-templates/></thead></xsl:template>
    <xsl:template match="cda:tbody"><tbody><xsl:apply-templates/></tbody></xsl:template>
    <xsl:template match="cda:tr"><tr><xsl:apply-templates/></tr></xsl:template>
    <xsl:template match="cda:th"><th><xsl:apply-templates/></th></xsl:template>
    <xsl:template match="cda:td"><td><xsl:apply-templates/></td></xsl:template>
    <xsl:template match="cda:paragraph"><p><xsl:apply-templates/></p></xsl:template>
    <xsl:template match="cda:list"><ul><xsl:apply-templates/></ul></xsl:template>
    <xsl:template match="cda:item"><li><xsl:apply-templates/></li></xsl:template>
    <xsl:template match="cda:br"><br/></xsl:template>
    <xsl:template match="cda:content"><span><xsl:apply-templates/></span></xsl:template>
</xsl:stylesheet>
