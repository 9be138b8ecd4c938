<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
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