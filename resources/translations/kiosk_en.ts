<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>GuideScreen</name>
    <message>
        <source>窗口领取</source>
        <translation>collect at the counter</translation>
    </message>
    <message>
        <source>邮寄送达</source>
        <translation>by post</translation>
    </message>
    <message>
        <source>自助打印</source>
        <translation>Self-print</translation>
    </message>
    <message>
        <source>网上获取</source>
        <translation>online</translation>
    </message>
    <message>
        <source>原件</source>
        <translation>original</translation>
    </message>
    <message>
        <source>复印件</source>
        <translation>copy</translation>
    </message>
    <message>
        <source>电子件</source>
        <translation>electronic</translation>
    </message>
</context>
<context>
    <name>ServiceTiles</name>
    <message>
        <source>办事</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>选择事项，刷证申请</source>
        <translation>Choose a service, apply with your ID</translation>
    </message>
    <message>
        <source>进度查询</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>查看办件进度</source>
        <translation>Check your application</translation>
    </message>
    <message>
        <source>自助打印</source>
        <translation>Self-print</translation>
    </message>
    <message>
        <source>打印证照和证明</source>
        <translation>Print licences and certificates</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>对服务进行好差评</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>使用说明与人工服务</source>
        <translation>How to use, and staff help</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::ApplyScreen</name>
    <message>
        <source>选择要办理的事项</source>
        <translation>Choose a service item</translation>
    </message>
    <message>
        <source>请在上方输入事项名称或拼音首字母搜索，也可以按主题或部门查找。</source>
        <translation>Type the name of the service above to search, or browse by topic or department.</translation>
    </message>
    <message>
        <source>输入事项名称、拼音首字母或英文</source>
        <translation>Service name, pinyin initials or English</translation>
    </message>
    <message>
        <source>搜索事项</source>
        <translation>Search services</translation>
    </message>
    <message>
        <source>热门</source>
        <translation>Popular</translation>
    </message>
    <message>
        <source>按主题</source>
        <translation>By topic</translation>
    </message>
    <message>
        <source>按部门</source>
        <translation>By department</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Businesses</translation>
    </message>
    <message>
        <source>正在加载事项目录，请稍候……</source>
        <translation>Loading the list of services, please wait…</translation>
    </message>
    <message>
        <source>没有找到相关事项。请换个说法，或咨询现场工作人员。</source>
        <translation>No matching service. Try other words, or ask the staff.</translation>
    </message>
    <message>
        <source>这里暂时没有事项。</source>
        <translation>There are no services here yet.</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 项，轻触事项查看办事指南。</source>
        <translation>
            <numerusform>%n service. Tap it to read its guide.</numerusform>
            <numerusform>%n services. Tap one to read its guide.</numerusform>
        </translation>
    </message>
    <message>
        <source>即办</source>
        <translation>on the spot</translation>
    </message>
    <message numerus="yes">
        <source>承诺 %n 个工作日</source>
        <translation>
            <numerusform>done in %n working day</numerusform>
            <numerusform>done in %n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>请选择您遇到的事情：</source>
        <translation>What is your situation?</translation>
    </message>
    <message>
        <source>请选择办事部门：</source>
        <translation>Choose a department:</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::AttractScreen</name>
    <message>
        <source>政务服务自助终端</source>
        <translation>Government Services Self-Service Kiosk</translation>
    </message>
    <message>
        <source>欢迎使用政务服务自助终端，请轻触屏幕开始。</source>
        <translation>Welcome to the government services kiosk. Touch the screen to start.</translation>
    </message>
    <message>
        <source>轻触屏幕开始</source>
        <translation>Touch to start</translation>
    </message>
    <message>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::ComingSoonScreen</name>
    <message>
        <source>本机暂未开通此项服务，请前往人工窗口办理，或拨打%1咨询。</source>
        <translation>This service is not yet available on this kiosk. Please go to a service counter or call %1.</translation>
    </message>
    <message>
        <source>本机暂未开通此项服务。

您可以前往服务中心人工窗口办理，或拨打政务服务便民热线 %1 咨询。</source>
        <translation>This service is not yet available on this kiosk.

You can apply at a service counter in the centre, or call the government service hotline %1.</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Back to home</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::GuideScreen</name>
    <message>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <source>没有找到这个事项，请返回重新选择。</source>
        <translation>This service was not found. Please go back and choose again.</translation>
    </message>
    <message>
        <source>%1。需要准备：%2。准备好后，请按开始办理。</source>
        <translation>%1. You need: %2. When you are ready, tap Start.</translation>
    </message>
    <message>
        <source>无需另外提交材料</source>
        <translation>no other documents</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>办理部门：%1</source>
        <translation>Department: %1</translation>
    </message>
    <message>
        <source>承诺时限：即办</source>
        <translation>Promised time: on the spot</translation>
    </message>
    <message numerus="yes">
        <source>承诺时限：%n 个工作日</source>
        <translation>
            <numerusform>Promised time: %n working day</numerusform>
            <numerusform>Promised time: %n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>法定时限：%n 个工作日</source>
        <translation>
            <numerusform>Legal time limit: %n working day</numerusform>
            <numerusform>Legal time limit: %n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>收费：%1</source>
        <translation>Fee: %1</translation>
    </message>
    <message>
        <source>不收费</source>
        <translation>free</translation>
    </message>
    <message>
        <source>可委托他人代办</source>
        <translation>Someone else may apply for you</translation>
    </message>
    <message>
        <source>需要核验本人身份（可人脸核验，也可到窗口由工作人员核验）</source>
        <translation>Your identity must be checked (by face verification here, or by staff at a counter)</translation>
    </message>
    <message>
        <source>需要准备的材料</source>
        <translation>What to bring</translation>
    </message>
    <message>
        <source>已通过数据共享获取，无需提交</source>
        <translation>obtained by data sharing: nothing to bring</translation>
    </message>
    <message>
        <source>按需提供</source>
        <translation>only if it applies to you</translation>
    </message>
    <message>
        <source>可容缺受理，事后补交</source>
        <translation>may be supplied later</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n 份</source>
        <translation>
            <numerusform>%1, %n copy</numerusform>
            <numerusform>%1, %n copies</numerusform>
        </translation>
    </message>
    <message>
        <source>受理条件</source>
        <translation>Who can apply</translation>
    </message>
    <message>
        <source>告知承诺</source>
        <translation>Commitment instead of certificates</translation>
    </message>
    <message>
        <source>本事项可实行告知承诺制：您签署承诺书后，部分证明材料可免于提交。</source>
        <translation>For this service you may sign a commitment instead of bringing some certificates.</translation>
    </message>
    <message>
        <source>结果领取方式</source>
        <translation>How you receive the result</translation>
    </message>
    <message>
        <source>设定依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>如有疑问，请咨询现场工作人员或拨打 %1。</source>
        <translation>Questions? Ask the staff or call %1.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::HelpScreen</name>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>需要帮助时，请联系现场工作人员，或拨打政务服务便民热线%1。</source>
        <translation>If you need help, ask the staff here or call the government service hotline %1.</translation>
    </message>
    <message>
        <source>1. 在首页选择服务，按屏幕提示操作。
2. 需要身份证时，请将证件放在读卡区。
3. 点击右上角“关爱模式”可放大字体并开启语音。
4. 长时间无操作时，本机会提醒您，随后自动退出并清除您的信息。</source>
        <translation>1. Choose a service on the home screen and follow the instructions.
2. When your ID card is needed, place it on the card reader.
3. Tap "Care mode" at the top right for large text and voice guidance.
4. If you do nothing for a while, the kiosk reminds you, then ends and clears your information.</translation>
    </message>
    <message>
        <source>政务服务便民热线</source>
        <translation>Government service hotline</translation>
    </message>
    <message>
        <source>政务服务便民热线 %1</source>
        <translation>Government service hotline %1</translation>
    </message>
    <message>
        <source>需要人工帮助时，请到服务中心咨询台，工作人员会为您帮办代办。</source>
        <translation>For personal help, go to the information desk: staff will help you or apply on your behalf.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::HomeScreen</name>
    <message>
        <source>请选择服务</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <source>请选择您要办理的服务：办事、进度查询、自助打印、评价或帮助。</source>
        <translation>Please choose a service: apply, progress, self-print, rate, or help.</translation>
    </message>
    <message>
        <source>轻触下方按钮开始。如需帮助，请按“帮助”或联系现场工作人员。</source>
        <translation>Tap a button below to begin. For help, tap "Help" or ask the staff.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::IdentifyScreen</name>
    <message>
        <source>核验身份</source>
        <translation>Identify yourself</translation>
    </message>
    <message>
        <source>请将身份证件放在读卡区，听到提示后再拿开。</source>
        <translation>Place your ID card on the card reader and leave it there until you hear the signal.</translation>
    </message>
    <message>
        <source>正在等待读取证件……</source>
        <translation>Waiting for your card…</translation>
    </message>
    <message>
        <source>已读取证件：%1（%2）</source>
        <translation>Card read: %1 (%2)</translation>
    </message>
    <message>
        <source>您的证件已过有效期（有效期至 %1），不能用于办理。请使用有效证件，或到人工窗口办理。</source>
        <translation>Your card has expired (valid until %1) and cannot be used. Please use a valid card, or go to a service counter.</translation>
    </message>
    <message>
        <source>您的证件尚未生效，请使用其他有效证件，或到人工窗口办理。</source>
        <translation>Your card is not valid yet. Please use another valid card, or go to a service counter.</translation>
    </message>
    <message>
        <source>无法核验这张证件，请到人工窗口办理。</source>
        <translation>This card cannot be verified. Please go to a service counter.</translation>
    </message>
    <message>
        <source>没有读取成功，请把证件平放在读卡区，不要移动。</source>
        <translation>The card could not be read. Lay it flat on the reader and keep it still.</translation>
    </message>
    <message>
        <source>读卡器暂不可用，请到人工窗口办理，或拨打 %1 咨询。</source>
        <translation>The card reader is not available. Please go to a service counter, or call %1.</translation>
    </message>
    <message>
        <source>请将以下任一证件放在读卡区：
· 居民身份证
· 港澳台居民居住证
· 外国人永久居留身份证</source>
        <translation>Place one of these cards on the card reader:
· Resident identity card
· Residence permit for Hong Kong, Macao and Taiwan residents
· Foreign permanent resident ID card</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>使用粤省事码</source>
        <translation>Use the Yueshengshi code</translation>
    </message>
    <message>
        <source>粤省事码需要联网核验，本机暂不能使用。</source>
        <translation>The Yueshengshi code is checked online and cannot be used on this kiosk yet.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::IdleCountdown</name>
    <message numerus="yes">
        <source>%n 秒后将自动退出，并清除您在本机填写的所有信息。</source>
        <translation>
            <numerusform>The kiosk will end in %n second and clear everything you entered.</numerusform>
            <numerusform>The kiosk will end in %n seconds and clear everything you entered.</numerusform>
        </translation>
    </message>
    <message>
        <source>您还在吗？</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>结束并退出</source>
        <translation>End now</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MainWindow</name>
    <message>
        <source>关爱模式</source>
        <translation>Care mode</translation>
    </message>
    <message>
        <source>关爱模式：大字体、高对比度和语音提示</source>
        <translation>Care mode: large text, high contrast and voice guidance</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>返回上一步</source>
        <translation>Go back one step</translation>
    </message>
    <message>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>回到首页</source>
        <translation>Go to the home screen</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>帮助与人工服务</source>
        <translation>Help and staff assistance</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::OnScreenKeyboard</name>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>空格</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>拼音</source>
        <translation>Pinyin</translation>
    </message>
    <message>
        <source>英文</source>
        <translation>ABC</translation>
    </message>
    <message>
        <source>数字</source>
        <translation>123</translation>
    </message>
    <message>
        <source>大写</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>上一页候选字</source>
        <translation>Previous candidates</translation>
    </message>
    <message>
        <source>下一页候选字</source>
        <translation>More candidates</translation>
    </message>
    <message>
        <source>候选字</source>
        <translation>Candidate</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::OutOfServiceScreen</name>
    <message>
        <source>本机暂停服务</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>本机暂停服务，请前往人工窗口或使用其他自助终端。</source>
        <translation>This kiosk is out of service. Please go to a service counter or use another kiosk.</translation>
    </message>
    <message>
        <source>给您带来不便，敬请谅解。
请前往人工窗口办理，或使用其他自助终端。
咨询电话：%1</source>
        <translation>We apologise for the inconvenience.
Please go to a service counter or use another kiosk.
Enquiries: %1</translation>
    </message>
    <message>
        <source>工作人员请查看：</source>
        <translation>For staff:</translation>
    </message>
</context>
</TS>